// The at-most-once delivery ledger shared by every email transport (spec 002: "a step is executed
// and sent at most once even when workers crash ... check [the idempotency key] at the channel").
//
// 1. Claim the key: INSERT 'claimed' in its own committed statement BEFORE any SMTP traffic. A
//    key already present as 'sending' or 'sent' means the message may have gone out: answer
//    `duplicate`, never resend. A recorded *transient* failure may be claimed again, and so may a
//    key left 'claimed' when the caller is the key's only live sender (`exclusive`: the engine
//    re-sends an item only after the first worker's claim lease ended and its locks were
//    released); attempts + 1 fences the old claim out.
// 2. Reserve today's allowance of the mailbox (a pool's least used one with room: rotation, with
//    warm-up ramps, reserve-mailboxes.ts); none left → `deferred` until midnight UTC.
// 3. Move the key to 'sending' (only if the claim is still ours) recording the mailbox and the
//    Message-ID we generated (<uuid@sending-domain>, kept across retries of the key), talk to the
//    transport, then record 'sent', or 'failed' with the error. So even an unknown outcome has
//    its Message-ID, and a reply to it can be matched (In-Reply-To / References).
// A crash during 3 leaves 'sending': the message is treated as possibly sent (at most once).
// A batch does 1 for all its keys in one statement, 2 in input order, 3 a few messages at a time,
// so a crash leaves at most those few as unknown outcomes.
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { OutboundEmail, SendManyOptions, SendResult } from "./channel.ts";
import { footerHtml, footerText, type SenderIdentity, unsubscribeUrlOf } from "./compliance-footer.ts";
import { domainOf } from "./dkim-keys.ts";
import type { Claim, PreparedEmail } from "./ledger-types.ts";
import { releaseMailboxSend } from "./mailbox-limits.ts";
import { renderHtml } from "./render-html.ts";
import { reserveMailboxes } from "./reserve-mailboxes.ts";
import { loadSenderIdentities } from "./sender-identity.ts";
import { classifySmtpError } from "./smtp-error.ts";
import { unsubscribeHeaders } from "./unsubscribe-token.ts";

export interface EmailTransport {
  readonly name: "smtp" | "dev";
  readonly defaultMailbox: string;
  /** Delivers or throws (nodemailer's errors carry responseCode / code). Returns the Message-ID (email.messageId). */
  deliver(email: PreparedEmail, now: Date): Promise<string>;
  /** Optional: several at once (the dev transport records them in one statement). */
  deliverMany?(emails: PreparedEmail[], now: Date): Promise<string[]>;
}

export type { PreparedEmail } from "./ledger-types.ts";

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase());
}

/** RFC 8058: every non-transactional email carries List-Unsubscribe and List-Unsubscribe-Post. */
export function withUnsubscribeHeaders(
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  m: OutboundEmail,
): Record<string, string> | { refused: string } {
  const headers = { ...m.headers };
  if (m.transactional) return headers;
  if (!hasHeader(headers, "List-Unsubscribe")) {
    if (!m.contactId) {
      return {
        refused:
          "non-transactional email without List-Unsubscribe: pass contactId or unsubscribeHeaders(config, clientId, contactId)",
      };
    }
    Object.assign(headers, unsubscribeHeaders(config, m.clientId, m.contactId));
  }
  if (!hasHeader(headers, "List-Unsubscribe-Post"))
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  return headers;
}

/**
 * The footer of a commercial (non-transactional) email: the company, its postal address and the
 * header's unsubscribe page (compliance-footer.ts); null for transactional mail; refused without a
 * sender identity or an https unsubscribe page, never sent without them.
 */
function commercialFooter(
  m: OutboundEmail,
  headers: Record<string, string>,
  identities: Map<string, SenderIdentity>,
): { text: string; html: string } | { refused: string } | null {
  if (m.transactional) return null;
  const id = identities.get(m.clientId);
  if (!id)
    return {
      refused:
        "SENDER_ADDRESS_MISSING: commercial email needs the sender's company and postal address in its footer (CAN-SPAM, CASL); set them on the Mailboxes page or PUT /api/v1/sender-identity, then retry",
    };
  const key = Object.keys(headers).find((k) => k.toLowerCase() === "list-unsubscribe");
  const url = unsubscribeUrlOf(key ? headers[key] : undefined);
  if (!url)
    return {
      refused: "commercial email without an http(s) List-Unsubscribe page for its footer's unsubscribe link",
    };
  return { text: footerText(id, url), html: footerHtml(id, url) };
}

/** One message: sendManyWithLedger of one (spec 002: at most once per idempotency key). */
export async function sendWithLedger(
  db: Kysely<DB>,
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  transport: EmailTransport,
  m: OutboundEmail,
  now: Date,
): Promise<SendResult> {
  const [result] = await sendManyWithLedger(db, config, transport, [m], now);
  return result as SendResult;
}

/** <uuid@sending-domain>: the Message-ID of a new message from this mailbox. */
export function newMessageId(from: string): string {
  return `<${randomUUID()}@${domainOf(from)}>`;
}

/**
 * A batch through the ledger with a fixed number of statements for the claims (one insert, at
 * most one select of the keys seen before, one limits lookup) and, per message, its delivery and
 * the ledger update right after it (a crash after delivery leaves 'sent'). Results in input order,
 * each as sendWithLedger would answer it. Never call inside a transaction.
 */
export async function sendManyWithLedger(
  db: Kysely<DB>,
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  transport: EmailTransport,
  messages: OutboundEmail[],
  now: Date,
  opts: SendManyOptions & { concurrency?: number } = {},
): Promise<SendResult[]> {
  const results: (SendResult | undefined)[] = new Array(messages.length);
  const first = new Map<string, number>(); // key -> index of its first message in the batch
  const candidates: Omit<Claim, "attempts">[] = [];
  // issue 41: commercial mail carries the sender's postal address and a visible unsubscribe link
  const identities = await loadSenderIdentities(
    db,
    messages.filter((m) => !m.transactional).map((m) => m.clientId),
  );
  messages.forEach((m, i) => {
    const headers = withUnsubscribeHeaders(config, m);
    const footer = "refused" in headers ? null : commercialFooter(m, headers, identities);
    if ("refused" in headers) {
      results[i] = { status: "failed", transient: false, error: String(headers.refused) };
    } else if (footer && "refused" in footer) {
      results[i] = { status: "failed", transient: false, error: footer.refused };
    } else if (!first.has(m.idempotencyKey)) {
      first.set(m.idempotencyKey, i);
      const { to, subject, idempotencyKey, clientId, inReplyTo, references } = m;
      const text = footer ? m.text + footer.text : m.text;
      const pool = !m.mailbox && m.mailboxPool?.length ? [...m.mailboxPool] : undefined;
      const from = m.mailbox ?? pool?.[0] ?? transport.defaultMailbox;
      const email = { from, to, subject, text, headers, idempotencyKey, clientId, inReplyTo, references };
      // messageId is set once the mailbox is chosen (its domain); html is rendered from the text
      const html = renderHtml(m.text, footer?.html);
      candidates.push({ i, pool, email: { ...email, messageId: "", html } });
    }
  });

  const claims = await claimKeys(db, transport, candidates, results, now, opts.exclusive === true);
  const ready = (await reserveMailboxes(db, claims, results, now)).map((c) => ({
    ...c,
    email: { ...c.email, messageId: c.previousMessageId ?? newMessageId(c.email.from) },
  }));
  await deliverEach(db, transport, ready, results, now, opts.concurrency ?? 4);

  // The same key again in one batch: the answer the ledger gives once the first one is done.
  return Array.from(results, (r, i) => {
    if (r) return r;
    const prev = results[first.get(messages[i]?.idempotencyKey ?? "") ?? -1] as SendResult;
    return prev.status === "sent" ? { status: "duplicate", previous: `sent:${prev.messageId}` } : prev;
  });
}

/** Step 1 for the whole batch: one insert claims the new keys and the transiently failed ones. */
async function claimKeys(
  db: Kysely<DB>,
  transport: EmailTransport,
  candidates: Omit<Claim, "attempts">[],
  results: (SendResult | undefined)[],
  now: Date,
  takeOverClaimed: boolean,
): Promise<Claim[]> {
  if (candidates.length === 0) return [];
  const col = (f: (e: PreparedEmail) => string) => candidates.map((c) => f(c.email));
  // Key order (code points, "C"), so that concurrent batches take the unique index entries, and the
  // rows, in the same order as each other and as deliverEach's updates (deadlocks otherwise).
  // takeOverClaimed is written as a literal: Citus forwards the DO UPDATE's WHERE to the workers
  // without its parameter's type ("could not determine data type of parameter $1"; email sends failed)
  const claimed = await sql<{ idempotency_key: string; attempts: number; message_id: string | null }>`
    insert into channel_deliveries
      (idempotency_key, client_id, transport, mailbox, to_address, subject, status, created_at, updated_at)
    select k, c, ${transport.name}::text, mb, t, s, 'claimed', ${now}::timestamptz, ${now}::timestamptz
    from unnest(${col((e) => e.idempotencyKey)}::text[], ${col((e) => e.clientId)}::text[],
                ${col((e) => e.from)}::text[], ${col((e) => e.to)}::text[], ${col((e) => e.subject)}::text[])
      as b(k, c, mb, t, s)
    order by k collate "C"
    on conflict (idempotency_key, client_id) do update
      set status = 'claimed', attempts = channel_deliveries.attempts + 1, error = null,
          transient = null, updated_at = excluded.updated_at
      where (channel_deliveries.status = 'failed' and channel_deliveries.transient)
         or (${sql.raw(takeOverClaimed ? "true" : "false")} and channel_deliveries.status = 'claimed')
    returning idempotency_key, attempts, message_id`.execute(db);
  const attempts = new Map(claimed.rows.map((r) => [r.idempotency_key, r.attempts]));
  const previous = new Map(claimed.rows.map((r) => [r.idempotency_key, r.message_id]));

  const seen = candidates.filter((c) => !attempts.has(c.email.idempotencyKey));
  if (seen.length > 0) {
    const prev = await db
      .selectFrom("channel_deliveries")
      .select(["idempotency_key", "status", "message_id", "error"])
      .where(
        "idempotency_key",
        "in",
        seen.map((c) => c.email.idempotencyKey),
      )
      .execute();
    const byKey = new Map(prev.map((p) => [p.idempotency_key, p]));
    for (const c of seen) {
      const p = byKey.get(c.email.idempotencyKey);
      results[c.i] = !p
        ? // a concurrent sender gave the key back (deferred) between our insert and select
          { status: "failed", transient: true, error: "the key was released concurrently; try again" }
        : p.status === "failed"
          ? { status: "failed", transient: false, error: p.error ?? "failed before" }
          : { status: "duplicate", previous: p.message_id ? `${p.status}:${p.message_id}` : p.status };
    }
  }
  return candidates.flatMap((c) => {
    const n = attempts.get(c.email.idempotencyKey);
    return n === undefined
      ? []
      : [{ ...c, attempts: n, previousMessageId: previous.get(c.email.idempotencyKey) }];
  });
}

const byKey = (a: Claim, b: Claim) =>
  a.email.idempotencyKey < b.email.idempotencyKey
    ? -1
    : a.email.idempotencyKey > b.email.idempotencyKey
      ? 1
      : 0;

/**
 * Step 3: deliver a few at a time. Each few move from 'claimed' to 'sending' in one statement just
 * before their SMTP conversations, only while the claim is still ours (same attempts: a retry
 * that took the key over after we died bumped it), and their outcomes are recorded in one
 * statement right after: a crash in between leaves only those few 'sending' (unknown outcomes).
 */
async function deliverEach(
  db: Kysely<DB>,
  transport: EmailTransport,
  claims: Claim[],
  results: (SendResult | undefined)[],
  now: Date,
  concurrency: number,
): Promise<void> {
  const size = Math.max(1, concurrency);
  for (let at = 0; at < claims.length; at += size) {
    // in key order, as claimKeys takes them: each update below locks its rows in its array's order,
    // and a concurrent batch's claim insert locks the same rows in key order; any other order lets
    // the two wait on each other (a deadlock, seen under load with batches in opposite orders)
    const chunk = claims.slice(at, at + size).sort(byKey);
    // the mailbox chosen and the Message-ID are in the ledger before the SMTP conversation
    const mine = await sql<{ idempotency_key: string }>`
      update channel_deliveries d
         set status = 'sending', mailbox = v.mb, message_id = v.mid, updated_at = ${now}
        from unnest(${chunk.map((c) => c.email.idempotencyKey)}::text[],
                    ${chunk.map((c) => c.attempts)}::int[], ${chunk.map((c) => c.email.from)}::text[],
                    ${chunk.map((c) => c.email.messageId)}::text[]) as v(k, n, mb, mid)
       where d.idempotency_key = v.k and d.status = 'claimed' and d.attempts = v.n
      returning d.idempotency_key`.execute(db);
    const ours = new Set(mine.rows.map((r) => r.idempotency_key));
    for (const c of chunk)
      if (!ours.has(c.email.idempotencyKey))
        results[c.i] = { status: "duplicate", previous: "claimed by another sender" };
    const go = chunk.filter((c) => ours.has(c.email.idempotencyKey));
    const out = await deliverChunk(transport, go, now);
    const status = out.map((r) => (r.status === "sent" ? "sent" : "failed"));
    await sql`
      update channel_deliveries d
         set status = v.status, message_id = coalesce(v.message_id, d.message_id), error = v.error,
             transient = v.transient,
             updated_at = ${now}
        from unnest(${go.map((c) => c.email.idempotencyKey)}::text[], ${status}::text[],
                    ${out.map((r) => (r.status === "sent" ? r.messageId : null))}::text[],
                    ${out.map((r) => (r.status === "failed" ? r.error : null))}::text[],
                    ${out.map((r) => (r.status === "failed" ? r.transient : null))}::boolean[])
          as v(k, status, message_id, error, transient)
       where d.idempotency_key = v.k`.execute(db);
    for (const [j, c] of go.entries()) {
      results[c.i] = out[j];
      // the server did not take it: the mailbox's allowance is given back
      if (out[j].status === "failed" && c.reserved)
        await releaseMailboxSend(db, c.email.clientId, c.email.from, now);
    }
  }
}

type Delivered =
  | { status: "sent"; messageId: string }
  | { status: "failed"; transient: boolean; error: string };

function failed(e: unknown): Delivered {
  const failure = classifySmtpError(e);
  return { status: "failed", transient: failure.transient, error: failure.error };
}

async function deliverChunk(transport: EmailTransport, claims: Claim[], now: Date): Promise<Delivered[]> {
  if (claims.length === 0) return [];
  if (transport.deliverMany) {
    try {
      const ids = await transport.deliverMany(
        claims.map((c) => c.email),
        now,
      );
      return ids.map((messageId) => ({ status: "sent", messageId }));
    } catch (e) {
      return claims.map(() => failed(e));
    }
  }
  return Promise.all(
    claims.map((c) =>
      transport.deliver(c.email, now).then(
        (messageId): Delivered => ({ status: "sent", messageId }),
        (e): Delivered => failed(e),
      ),
    ),
  );
}

/**
 * An asynchronous bounce (a DSN that arrives after the server accepted the message): the tenant's
 * delivery becomes 'failed' with the bounce, permanent unless said otherwise. Returns the
 * idempotency key so the engine can fail its send item, or null when the tenant has no such message.
 */
export async function recordBounce(
  db: Kysely<DB>,
  bounce: { clientId: string; messageId: string; error: string; transient?: boolean },
  now: Date,
): Promise<{ idempotencyKey: string } | null> {
  const row = await db
    .updateTable("channel_deliveries")
    .set({
      status: "failed",
      error: `bounced: ${bounce.error}`.slice(0, 500),
      transient: bounce.transient ?? false,
      updated_at: now,
    })
    .where("client_id", "=", bounce.clientId)
    .where("message_id", "=", bounce.messageId)
    .returning(["idempotency_key"])
    .executeTakeFirst();
  return row ? { idempotencyKey: row.idempotency_key } : null;
}
