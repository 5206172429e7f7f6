// Step 1 of the ledger (send-with-ledger.ts): today's allowance of the sending mailbox, with
// rotation over a pool and warm-up ramps (issue 12), chosen before the key's one ledger row is
// written (issue 39 item 2), so a deferred message writes no ledger row at all.
// - A message with one mailbox (no pool): as before, only a mailbox with a limit row is counted;
//   at its limit the message is deferred until midnight UTC.
// - A message with a pool: the least used mailbox of the pool today (fewest sends counted, then by
//   address: deterministic) that still has room takes it; a full one is skipped. Every pool send is
//   counted, limited or not, so "least used" is true. Counts are read once per batch and kept in
//   memory; the reservation itself is the atomic upsert (takeMailboxSend), so concurrent senders
//   never pass a limit, and at worst two of them pick the same mailbox at once.
// - Limits are today's: min(daily_limit, ramp start + step × days since the ramp's start).
// - A mailbox an admin paused (mailbox_inboxes.status = 'paused', issue 12 part 6), or that paused
//   itself over its complaint rate (mailbox_deliverability.status = 'paused', issue 35), sends nothing:
//   a pool skips it; a message that must go from it (a follow-up's thread) waits like a full one.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { SendResult } from "./channel.ts";
import type { Candidate } from "./ledger-types.ts";
import {
  mailboxKey,
  mailboxLimitsOf,
  nextUtcMidnight,
  sentTodayOf,
  takeMailboxSend,
} from "./mailbox-limits.ts";

/** Orders a pool: fewest sends today first, then by address. */
export function rotationOrder(pool: string[], sent: (mailbox: string) => number): string[] {
  return [...new Set(pool)].sort((a, b) => sent(a) - sent(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export async function reserveMailboxes(
  db: Kysely<DB>,
  claims: Candidate[],
  results: (SendResult | undefined)[],
  now: Date,
): Promise<Candidate[]> {
  const boxes = new Map<string, { clientId: string; mailbox: string }>();
  const pooled = new Map<string, { clientId: string; mailbox: string }>();
  for (const c of claims)
    for (const mailbox of c.pool ?? [c.email.from]) {
      const box = { clientId: c.email.clientId, mailbox };
      boxes.set(mailboxKey(box.clientId, mailbox), box);
      if (c.pool) pooled.set(mailboxKey(box.clientId, mailbox), box);
    }
  const limits = await mailboxLimitsOf(db, [...boxes.values()], now);
  const sent = await sentTodayOf(db, [...pooled.values()], now);
  const paused = await pausedOf(db, [...boxes.values()]);
  // a paused mailbox is treated as full for the day
  const full = new Set<string>(paused);
  const ready: Candidate[] = [];
  const deferred: Candidate[] = [];
  const take = async (clientId: string, mailbox: string, counted: boolean) => {
    const key = mailboxKey(clientId, mailbox);
    const limit = limits.get(key);
    if (full.has(key)) return false;
    if (limit === undefined && !counted) return true;
    if (await takeMailboxSend(db, clientId, mailbox, limit ?? null, now)) {
      sent.set(key, (sent.get(key) ?? 0) + 1);
      return true;
    }
    full.add(key);
    return false;
  };
  for (const c of claims) {
    const { clientId } = c.email;
    if (!c.pool) {
      const counted = limits.has(mailboxKey(clientId, c.email.from));
      if (await take(clientId, c.email.from, false)) ready.push(counted ? { ...c, reserved: true } : c);
      else deferred.push(c);
      continue;
    }
    let chosen: string | null = null;
    for (const mailbox of rotationOrder(c.pool, (m) => sent.get(mailboxKey(clientId, m)) ?? 0)) {
      if (await take(clientId, mailbox, true)) {
        chosen = mailbox;
        break;
      }
    }
    if (chosen) ready.push({ ...c, email: { ...c.email, from: chosen }, reserved: true });
    else deferred.push(c);
  }
  const error = (c: Candidate) =>
    c.pool && c.pool.length > 1
      ? `every mailbox of the pool (${c.pool.join(", ")}) reached its daily send limit or is paused`
      : paused.has(mailboxKey(c.email.clientId, c.email.from))
        ? `mailbox ${c.email.from} is paused`
        : `mailbox ${c.email.from} reached its daily send limit`;
  // nothing was written for them: the ledger never saw these keys, the next attempt claims them
  for (const c of deferred)
    results[c.i] = { status: "deferred", retryAt: nextUtcMidnight(now), error: error(c) };
  return ready;
}

/**
 * Mailboxes an admin paused (their inbox row's status) or that paused themselves (their complaint
 * rate, mailbox_deliverability, issue 35), keyed by mailboxKey.
 */
async function pausedOf(
  db: Kysely<DB>,
  boxes: { clientId: string; mailbox: string }[],
): Promise<Set<string>> {
  const out = new Set<string>();
  // one statement per tenant, naming it (on Citus each is routed to the tenant's shard)
  for (const clientId of new Set(boxes.map((b) => b.clientId))) {
    const mailboxes = boxes.filter((b) => b.clientId === clientId).map((b) => b.mailbox);
    const r = await sql<{ mailbox: string }>`
      select b.mailbox from unnest(${mailboxes}::text[]) as b (mailbox)
       where exists (select 1 from mailbox_inboxes i
                      where i.client_id = ${clientId}::text and i.mailbox = b.mailbox and i.status = 'paused')
          or exists (select 1 from mailbox_deliverability d
                      where d.client_id = ${clientId}::text and d.mailbox = lower(b.mailbox) and d.status = 'paused')`.execute(
      db,
    );
    for (const x of r.rows) out.add(mailboxKey(clientId, x.mailbox));
  }
  return out;
}
