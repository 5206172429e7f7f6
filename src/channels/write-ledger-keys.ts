// Step 2 of the at-most-once ledger (send-with-ledger.ts; spec 002, issue 39 item 2): each key is
// written ONCE, as 'sending' with its mailbox and the Message-ID we generated, in its own committed
// statement before any SMTP traffic. A key already present ('sending', or 'sent' from before this
// protocol) is answered from its row as `duplicate`, never resent; a recorded *transient* failure
// may be taken again, and so may a key left 'claimed' by the protocol before this one when the
// caller is the key's only live sender (`exclusive`).
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { SendResult } from "./channel.ts";
import { domainOf } from "./dkim-keys.ts";
import type { EmailTransport } from "./email-transport.ts";
import type { Candidate, Claim, PreparedEmail } from "./ledger-types.ts";

/** <uuid@sending-domain>: the Message-ID of a new message from this mailbox. */
export function newMessageId(from: string): string {
  return `<${randomUUID()}@${domainOf(from)}>`;
}

const byKey = (a: Claim, b: Claim) =>
  a.email.idempotencyKey < b.email.idempotencyKey
    ? -1
    : a.email.idempotencyKey > b.email.idempotencyKey
      ? 1
      : 0;

/** A ledger row as a duplicate's answer: `status` or `status:message-id`; a failure as failed. */
function answerOf(p: { status: string; message_id: string | null; error: string | null }): SendResult {
  return p.status === "failed"
    ? { status: "failed", transient: false, error: p.error ?? "failed before" }
    : { status: "duplicate", previous: p.message_id ? `${p.status}:${p.message_id}` : p.status };
}

/**
 * One read of the batch's keys (by primary key) before anything is written: a key already in the
 * ledger that may not be taken again is answered from its row. Returns the candidates still to go.
 */
export async function answerSeen(
  db: Kysely<DB>,
  candidates: Candidate[],
  results: (SendResult | undefined)[],
  takeOverClaimed: boolean,
): Promise<Candidate[]> {
  if (candidates.length === 0) return [];
  const prev = await sql<{
    idempotency_key: string;
    client_id: string;
    status: string;
    message_id: string | null;
    error: string | null;
    transient: boolean | null;
  }>`
    select d.idempotency_key, d.client_id, d.status, d.message_id, d.error, d.transient
      from unnest(${candidates.map((c) => c.email.idempotencyKey)}::text[],
                  ${candidates.map((c) => c.email.clientId)}::text[]) as b(k, c)
      join channel_deliveries d on d.idempotency_key = b.k and d.client_id = b.c`.execute(db);
  if (prev.rows.length === 0) return candidates;
  const rowOf = new Map(prev.rows.map((r) => [`${r.client_id}\u0000${r.idempotency_key}`, r]));
  return candidates.filter((c) => {
    const p = rowOf.get(`${c.email.clientId}\u0000${c.email.idempotencyKey}`);
    if (!p || (p.status === "failed" && p.transient) || (takeOverClaimed && p.status === "claimed"))
      return true;
    results[c.i] = answerOf(p);
    return false;
  });
}

/**
 * Step 2 for a chunk: one insert writes the new keys (and the transiently failed ones) as
 * 'sending' with their mailbox and Message-ID; the keys it did not write are answered from the
 * ledger. Returns the chunk's claims, each with its recorded Message-ID, in key order.
 */
export async function writeSending(
  db: Kysely<DB>,
  transportOf: Map<number, EmailTransport>,
  chunk: Candidate[],
  results: (SendResult | undefined)[],
  now: Date,
  takeOverClaimed: boolean,
): Promise<Claim[]> {
  if (chunk.length === 0) return [];
  const mids = chunk.map((c) => newMessageId(c.email.from));
  const col = (f: (e: PreparedEmail) => string) => chunk.map((c) => f(c.email));
  // Key order (code points, "C"), so that concurrent batches take the unique index entries, and the
  // rows, in the same order as each other (deadlocks otherwise, seen under load). A retry keeps the
  // Message-ID its earlier attempt recorded. takeOverClaimed is written as a literal: Citus forwards
  // the DO UPDATE's WHERE to the workers without its parameter's type ("could not determine data
  // type of parameter $1"; email sends failed there).
  const written = await sql<{ idempotency_key: string; attempts: number; message_id: string }>`
    insert into channel_deliveries
      (idempotency_key, client_id, transport, mailbox, to_address, subject, status, message_id,
       contact_id, sent_as, created_at, updated_at)
    select k, c, tr, mb, t, s, 'sending', mid, cid, sa, ${now}::timestamptz, ${now}::timestamptz
    from unnest(${col((e) => e.idempotencyKey)}::text[], ${col((e) => e.clientId)}::text[],
                ${chunk.map((c) => transportOf.get(c.i)?.name ?? "smtp")}::text[],
                ${col((e) => e.from)}::text[], ${col((e) => e.to)}::text[], ${col((e) => e.subject)}::text[],
                ${mids}::text[], ${chunk.map((c) => c.email.countsFor ?? null)}::uuid[],
                ${chunk.map((c) => c.email.sentAs ?? null)}::text[])
      as b(k, c, tr, mb, t, s, mid, cid, sa)
    order by k collate "C"
    on conflict (idempotency_key, client_id) do update
      set status = 'sending', attempts = channel_deliveries.attempts + 1, error = null,
          transient = null, mailbox = excluded.mailbox, transport = excluded.transport,
          sent_as = excluded.sent_as,
          message_id = coalesce(channel_deliveries.message_id, excluded.message_id),
          updated_at = excluded.updated_at
      where (channel_deliveries.status = 'failed' and channel_deliveries.transient)
         or (${sql.raw(takeOverClaimed ? "true" : "false")} and channel_deliveries.status = 'claimed')
    returning idempotency_key, attempts, message_id`.execute(db);
  const mine = new Map(written.rows.map((r) => [r.idempotency_key, r]));

  const seen = chunk.filter((c) => !mine.has(c.email.idempotencyKey));
  if (seen.length > 0) {
    const prev = await db
      .selectFrom("channel_deliveries")
      .select(["idempotency_key", "status", "message_id", "error"])
      .where("client_id", "in", [...new Set(seen.map((c) => c.email.clientId))])
      .where(
        "idempotency_key",
        "in",
        seen.map((c) => c.email.idempotencyKey),
      )
      .execute();
    const prevOf = new Map(prev.map((p) => [p.idempotency_key, p]));
    for (const c of seen) {
      const p = prevOf.get(c.email.idempotencyKey);
      results[c.i] = !p
        ? // a concurrent sender gave the key back between our insert and select
          { status: "failed", transient: true, error: "the key was released concurrently; try again" }
        : answerOf(p);
    }
  }
  return chunk
    .flatMap((c) => {
      const r = mine.get(c.email.idempotencyKey);
      return r ? [{ ...c, attempts: r.attempts, email: { ...c.email, messageId: r.message_id } }] : [];
    })
    .sort(byKey);
}
