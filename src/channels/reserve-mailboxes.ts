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
// - A person's connected mailbox (issue 67, mailbox_connections) sends through its provider and
//   within the provider's own limits (PROVIDER_LIMITS: Google 2,000 a rolling day, Microsoft 10,000
//   a day and 30 a minute) as well as the tenant's: it is always counted. One that waits for its
//   owner's consent, or that its provider paused (until Retry-After or the quota's reset), sends
//   nothing until then: a pool skips it, a message that must go from it waits, with the reason.
//   A disconnected mailbox sends nothing at all.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import {
  CONNECTION_STATES_SQL,
  type ConnectionState,
  PROVIDER_LIMITS,
  setMailboxStatus,
} from "../mailboxes/index.ts";
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
  const { paused, connections } = await statesOf(db, [...boxes.values()]);
  // a provider's pause that has ended: the mailbox is connected again (its event says so)
  for (const conn of connections.values())
    if (conn.status === "paused" && conn.pausedUntil && conn.pausedUntil <= now) {
      await setMailboxStatus(db, conn.clientId, conn.mailbox, "connected", "the pause ended", now);
      conn.status = "connected";
      conn.pausedUntil = null;
    }
  // a provider's own limits (issue 67 item 4): always counted, the lower of its and the tenant's
  for (const [key, conn] of connections) {
    const own = conn.provider === "imap_smtp" ? undefined : PROVIDER_LIMITS[conn.provider].perDay;
    if (own !== undefined) limits.set(key, Math.min(limits.get(key) ?? own, own));
  }
  const windows = await providerWindowsOf(db, connections, now);
  // why a mailbox sends nothing now, and until when (null: until a person acts, else the day's end)
  const blocked = new Map<string, { why: string; until: Date }>();
  for (const [key, conn] of connections) {
    const b = blockOf(conn, windows.get(key), now);
    if (b) blocked.set(key, b);
  }
  // a paused mailbox is treated as full for the day
  const full = new Set<string>([...paused, ...blocked.keys()]);
  const ready: Candidate[] = [];
  const deferred: Candidate[] = [];
  const take = async (clientId: string, mailbox: string, counted: boolean) => {
    const key = mailboxKey(clientId, mailbox);
    const limit = limits.get(key);
    if (full.has(key)) return false;
    if (limit === undefined && !counted) return true;
    if (await takeMailboxSend(db, clientId, mailbox, limit ?? null, now)) {
      sent.set(key, (sent.get(key) ?? 0) + 1);
      const w = windows.get(key);
      if (w) {
        w.day += 1;
        w.minute += 1;
      }
      const b = blockOf(connections.get(key), w, now);
      if (b) {
        blocked.set(key, b);
        full.add(key);
      }
      return true;
    }
    full.add(key);
    return false;
  };
  const withProvider = (c: Candidate, mailbox: string, reserved: boolean): Candidate => {
    const conn = connections.get(mailboxKey(c.email.clientId, mailbox));
    return {
      ...c,
      email: { ...c.email, from: mailbox },
      ...(reserved ? { reserved: true } : {}),
      ...(conn ? { provider: conn.provider } : {}),
    };
  };
  for (const c of claims) {
    const { clientId } = c.email;
    if (!c.pool) {
      const counted = limits.has(mailboxKey(clientId, c.email.from));
      if (await take(clientId, c.email.from, false)) ready.push(withProvider(c, c.email.from, counted));
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
    if (chosen) ready.push(withProvider(c, chosen, true));
    else deferred.push(c);
  }
  const answer = (c: Candidate): SendResult => {
    const key = mailboxKey(c.email.clientId, c.email.from);
    const b = !c.pool || c.pool.length === 1 ? blocked.get(key) : undefined;
    if (b) return { status: "deferred", retryAt: b.until, error: b.why };
    const error =
      c.pool && c.pool.length > 1
        ? `every mailbox of the pool (${c.pool.join(", ")}) reached its daily send limit or is paused`
        : paused.has(key)
          ? `mailbox ${c.email.from} is paused`
          : `mailbox ${c.email.from} reached its daily send limit`;
    return { status: "deferred", retryAt: nextUtcMidnight(now), error };
  };
  // nothing was written for them: the ledger never saw these keys, the next attempt claims them
  for (const c of deferred) results[c.i] = answer(c);
  return ready;
}

/** How long a mailbox waiting for its owner's consent defers a send before it is looked at again. */
const CONSENT_RECHECK_MS = 15 * 60_000;

/** Why a connected mailbox sends nothing now, with when to look again; null when it may send. */
function blockOf(
  conn: ConnectionState | undefined,
  w: ProviderWindow | undefined,
  now: Date,
): { why: string; until: Date } | null {
  if (!conn) return null;
  const later = (ms: number) => new Date(now.getTime() + ms);
  if (conn.status === "disconnected" || !conn.canSend)
    return {
      why: `mailbox ${conn.mailbox} is disconnected or may not send; its owner reconnects it on My mailbox`,
      until: later(CONSENT_RECHECK_MS),
    };
  if (conn.status === "needs_consent")
    return {
      why: `MAILBOX_NEEDS_CONSENT: mailbox ${conn.mailbox} needs its owner's consent again (${conn.reason ?? "the provider refused its grant"}); the send waits until they reconnect it on My mailbox`,
      until: later(CONSENT_RECHECK_MS),
    };
  if (conn.status === "paused" && conn.pausedUntil && conn.pausedUntil > now)
    return {
      why: `mailbox ${conn.mailbox} is paused until ${conn.pausedUntil.toISOString()}: ${conn.reason ?? ""}`,
      until: conn.pausedUntil,
    };
  if (conn.status === "paused" && !conn.pausedUntil)
    return {
      why: `mailbox ${conn.mailbox} is paused: ${conn.reason ?? "by a person"}`,
      until: nextUtcMidnight(now),
    };
  if (!w || conn.provider === "imap_smtp") return null;
  const lim = PROVIDER_LIMITS[conn.provider];
  if (w.day >= lim.perDay)
    return {
      why: `mailbox ${conn.mailbox} reached ${lim.source.split(":")[0]}'s limit (${lim.perDay} in 24 hours)`,
      until: new Date(
        Math.max(now.getTime() + 60_000, (w.oldestDay?.getTime() ?? now.getTime()) + 86_400_000),
      ),
    };
  if (lim.perMinute !== null && w.minute >= lim.perMinute)
    return {
      why: `mailbox ${conn.mailbox} reached ${lim.perMinute} messages a minute (${lim.source})`,
      until: new Date(Math.max(now.getTime() + 1_000, (w.oldestMinute?.getTime() ?? now.getTime()) + 60_000)),
    };
  return null;
}

interface ProviderWindow {
  day: number;
  minute: number;
  oldestDay: Date | null;
  oldestMinute: Date | null;
}

/**
 * What the provider counts: each connected Google or Microsoft mailbox's sends in the last 24 hours
 * and the last minute (the ledger's rows, by channel_deliveries_mailbox_idx), one statement a tenant.
 */
async function providerWindowsOf(
  db: Kysely<DB>,
  connections: Map<string, ConnectionState>,
  now: Date,
): Promise<Map<string, ProviderWindow>> {
  const out = new Map<string, ProviderWindow>();
  const api = [...connections.values()].filter(
    (c) => c.provider !== "imap_smtp" && c.status !== "disconnected",
  );
  for (const clientId of new Set(api.map((c) => c.clientId))) {
    const mine = api.filter((c) => c.clientId === clientId);
    for (const c of mine)
      out.set(mailboxKey(clientId, c.given), { day: 0, minute: 0, oldestDay: null, oldestMinute: null });
    const r = await sql<{
      mailbox: string;
      day: number;
      minute: number;
      oldest_day: Date | null;
      oldest_minute: Date | null;
    }>`
      select d.mailbox, count(*)::int as day,
             (count(*) filter (where d.created_at > ${new Date(now.getTime() - 60_000)}))::int as minute,
             min(d.created_at) as oldest_day,
             min(d.created_at) filter (where d.created_at > ${new Date(now.getTime() - 60_000)}) as oldest_minute
        from channel_deliveries d
       where d.client_id = ${clientId} and d.mailbox = any(${mine.map((c) => c.given)}::text[])
         and d.created_at > ${new Date(now.getTime() - 86_400_000)} and d.status in ('sending', 'sent')
       group by d.mailbox`.execute(db);
    for (const row of r.rows)
      out.set(mailboxKey(clientId, row.mailbox), {
        day: row.day,
        minute: row.minute,
        oldestDay: row.oldest_day ? new Date(row.oldest_day) : null,
        oldestMinute: row.oldest_minute ? new Date(row.oldest_minute) : null,
      });
  }
  return out;
}

/**
 * Mailboxes an admin paused (their inbox row's status) or that paused themselves (their complaint
 * or bounce rate, mailbox_deliverability, issue 35), keyed by mailboxKey; and the people's own
 * connected mailboxes among them (issue 67) with their provider and state. One statement a tenant.
 */
async function statesOf(
  db: Kysely<DB>,
  boxes: { clientId: string; mailbox: string }[],
): Promise<{ paused: Set<string>; connections: Map<string, ConnectionState> }> {
  const paused = new Set<string>();
  const connections = new Map<string, ConnectionState>();
  // one statement per tenant, naming it (on Citus each is routed to the tenant's shard)
  for (const clientId of new Set(boxes.map((b) => b.clientId))) {
    const mailboxes = boxes.filter((b) => b.clientId === clientId).map((b) => b.mailbox);
    const r = await sql<{
      mailbox: string;
      paused: boolean;
      provider: ConnectionState["provider"] | null;
      status: ConnectionState["status"] | null;
      can_send: boolean | null;
      paused_until: Date | null;
      status_reason: string | null;
    }>`
      select b.mailbox,
             exists (select 1 from mailbox_inboxes i
                      where i.client_id = ${clientId}::text and i.mailbox = b.mailbox and i.status = 'paused')
          or exists (select 1 from mailbox_deliverability d
                      where d.client_id = ${clientId}::text and d.mailbox = lower(b.mailbox) and d.status = 'paused') as paused,
             ${sql.raw(CONNECTION_STATES_SQL)}
        from unnest(${mailboxes}::text[]) as b (mailbox)
        left join mailbox_connections mc on mc.client_id = ${clientId}::text and mc.mailbox = lower(b.mailbox)`.execute(
      db,
    );
    for (const x of r.rows) {
      const key = mailboxKey(clientId, x.mailbox);
      if (x.paused) paused.add(key);
      if (x.provider && x.status)
        connections.set(key, {
          clientId,
          mailbox: x.mailbox.toLowerCase(),
          given: x.mailbox,
          provider: x.provider,
          status: x.status,
          canSend: x.can_send !== false,
          pausedUntil: x.paused_until ? new Date(x.paused_until) : null,
          reason: x.status_reason,
        });
    }
  }
  return { paused, connections };
}
