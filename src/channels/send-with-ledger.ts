// The at-most-once delivery ledger shared by every email transport (spec 002: "a step is executed
// and sent at most once even when workers crash ... check [the idempotency key] at the channel").
// Each key is written ONCE on the way out (issue 39 item 2):
// 1. Reserve today's allowance of the sending mailbox (a pool's least used one with room: rotation,
//    with warm-up ramps, reserve-mailboxes.ts); none left → `deferred` until midnight UTC, and
//    nothing is written to the ledger.
// 2. INSERT the key as 'sending' with its mailbox and the Message-ID we generated
//    (<uuid@sending-domain>), in its own committed statement BEFORE any SMTP traffic, a few keys at
//    a time (the chunk about to be delivered). A key already present ('sending', or 'sent' from
//    before this protocol) means the message may have gone out: answer `duplicate`, never resend
//    (its mailbox allowance is given back). A recorded *transient* failure may be taken again, and
//    so may a key left 'claimed' by the protocol before this one when the caller is the key's only
//    live sender (`exclusive`); attempts + 1, and the earlier attempt's Message-ID is kept.
// 3. Talk to the transport. Success writes nothing here: the caller's record of it (the engine's
//    touch row for the send item with this key) is the success. A failure is recorded ('failed',
//    transient or not) and the allowance given back.
// So even an unknown outcome has its mailbox and Message-ID, and a reply to it can be matched
// (In-Reply-To / References). A crash after 2 leaves 'sending' with no touch: possibly sent, never
// resent, and counted by the touch caps until the window passes (batch-snapshot.ts).
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { MailboxProvider } from "../mailboxes/index.ts";
import type { OutboundEmail, SendManyOptions, SendResult } from "./channel.ts";
import { footerHtml, footerText, type SenderIdentity, unsubscribeUrlOf } from "./compliance-footer.ts";
import { domainOf } from "./dkim-keys.ts";
import type { Candidate, Claim, PreparedEmail } from "./ledger-types.ts";
import { releaseMailboxSend } from "./mailbox-limits.ts";
import { renderHtml } from "./render-html.ts";
import { reserveMailboxes } from "./reserve-mailboxes.ts";
import { loadSenderIdentities } from "./sender-identity.ts";
import { classifySmtpError } from "./smtp-error.ts";
import type { DeliveryTransport } from "./tables.ts";
import { tracedDelivery } from "./traced-delivery.ts";
import { isTransportFailure } from "./transport-failure.ts";
import { unsubscribeHeaders } from "./unsubscribe-token.ts";

export interface EmailTransport {
  readonly name: DeliveryTransport;
  readonly defaultMailbox: string;
  /**
   * Delivers or throws (nodemailer's errors carry responseCode / code; a provider's, a
   * TransportFailure). Returns the Message-ID (email.messageId). `attempts` > 1: the ledger took
   * this key again after a failure; a transport that can look a message up in the mailbox (an API's)
   * does so before sending again.
   */
  deliver(email: PreparedEmail, now: Date, attempts?: number): Promise<string>;
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

/**
 * The transport of a person's connected mailbox, by its provider (issue 67: the Gmail API, Graph,
 * the mailbox's own SMTP server); undefined when this deployment cannot send through it.
 */
export type MailboxTransports = (provider: MailboxProvider) => EmailTransport | undefined;

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
 * A batch through the ledger: the mailboxes reserved, then per chunk of `concurrency` messages one
 * insert of their keys as 'sending' (at most one select of keys seen before), their deliveries,
 * and an update only for those that failed. Results in input order, each as sendWithLedger would
 * answer it. Never call inside a transaction.
 */
export async function sendManyWithLedger(
  db: Kysely<DB>,
  config: Pick<Config, "publicUrl" | "secret" | "smtp">,
  transport: EmailTransport,
  messages: OutboundEmail[],
  now: Date,
  opts: SendManyOptions & { concurrency?: number; transports?: MailboxTransports } = {},
): Promise<SendResult[]> {
  const results: (SendResult | undefined)[] = new Array(messages.length);
  const first = new Map<string, number>(); // key -> index of its first message in the batch
  const candidates: Candidate[] = [];
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
      const { to, subject, idempotencyKey, clientId, inReplyTo, references, sentAs } = m;
      const text = footer ? m.text + footer.text : m.text;
      const pool = !m.mailbox && m.mailboxPool?.length ? [...m.mailboxPool] : undefined;
      const from = m.mailbox ?? pool?.[0] ?? transport.defaultMailbox;
      const countsFor = m.transactional ? null : (m.contactId ?? null);
      const email = {
        ...{ from, to, subject, text, headers, idempotencyKey, clientId, inReplyTo, references, sentAs },
        countsFor,
      };
      // messageId is set once the mailbox is chosen (its domain, writeAndDeliver); html is rendered from the text
      const html = renderHtml(m.text, footer?.html);
      candidates.push({ i, pool, email: { ...email, messageId: "", html } });
    }
  });

  // keys the ledger already holds are answered before any mailbox allowance is taken for them
  const fresh = await answerSeen(db, candidates, results, opts.exclusive === true);
  const ready = await reserveMailboxes(db, fresh, results, now);
  await writeAndDeliver(db, transport, ready, results, now, {
    concurrency: opts.concurrency ?? 4,
    takeOverClaimed: opts.exclusive === true,
    transports: opts.transports,
  });

  // The same key again in one batch: the answer the ledger gives once the first one is done.
  return Array.from(results, (r, i) => {
    if (r) return r;
    const prev = results[first.get(messages[i]?.idempotencyKey ?? "") ?? -1] as SendResult;
    return prev.status === "sent" ? { status: "duplicate", previous: `sent:${prev.messageId}` } : prev;
  });
}

const byKey = (a: Claim, b: Claim) =>
  a.email.idempotencyKey < b.email.idempotencyKey
    ? -1
    : a.email.idempotencyKey > b.email.idempotencyKey
      ? 1
      : 0;

/**
 * Steps 2 and 3, a few at a time: each few are written 'sending' in one insert just before their
 * SMTP conversations (a crash in between leaves only those few as unknown outcomes); only the
 * failures are written again.
 */
async function writeAndDeliver(
  db: Kysely<DB>,
  transport: EmailTransport,
  ready: Candidate[],
  results: (SendResult | undefined)[],
  now: Date,
  opts: { concurrency: number; takeOverClaimed: boolean; transports?: MailboxTransports },
): Promise<void> {
  // each message's transport: its connected mailbox's provider (issue 67), else the deployment's
  const transportOf = new Map<number, EmailTransport>();
  const sendable: Candidate[] = [];
  for (const c of ready) {
    const t = c.provider ? opts.transports?.(c.provider) : transport;
    if (t) {
      transportOf.set(c.i, t);
      sendable.push(c);
      continue;
    }
    results[c.i] = {
      status: "deferred",
      retryAt: new Date(now.getTime() + 3_600_000),
      error: `MAILBOX_PROVIDER_NOT_CONFIGURED: mailbox ${c.email.from} is a ${c.provider} mailbox, and this Baton has no ${c.provider} app configured to send through it`,
    };
    if (c.reserved) await releaseMailboxSend(db, c.email.clientId, c.email.from, now);
  }
  const size = Math.max(1, opts.concurrency);
  for (let at = 0; at < sendable.length; at += size) {
    const chunk = sendable.slice(at, at + size);
    const go = await writeSending(db, transportOf, chunk, results, now, opts.takeOverClaimed);
    // a key the ledger refused was not delivered: its reserved allowance goes back
    for (const c of chunk)
      if (c.reserved && !go.some((g) => g.i === c.i))
        await releaseMailboxSend(db, c.email.clientId, c.email.from, now);
    const out = await deliverChunk(transportOf, go, now);
    // a deferral after the key was written (a provider's pause) is recorded as a transient failure:
    // the next attempt takes the key again, and looks the message up first
    const failedOnes = go.flatMap((c, j): { c: Claim; r: { error: string; transient: boolean } }[] => {
      const r = out[j];
      if (r.status === "failed") return [{ c, r }];
      return r.status === "deferred" ? [{ c, r: { error: r.error, transient: true } }] : [];
    });
    // one statement per tenant, each naming it (on Citus it routes to the tenant's shard)
    for (const clientId of new Set(failedOnes.map((f) => f.c.email.clientId))) {
      const mine = failedOnes.filter((f) => f.c.email.clientId === clientId);
      await sql`
        update channel_deliveries d
           set status = 'failed', error = v.error, transient = v.transient, updated_at = ${now}
            from unnest(${mine.map((f) => f.c.email.idempotencyKey)}::text[],
                      ${mine.map((f) => f.r.error)}::text[], ${mine.map((f) => f.r.transient)}::boolean[])
            as v(k, error, transient)
         where d.client_id = ${clientId}::text and d.idempotency_key = v.k`.execute(db);
    }
    for (const [j, c] of go.entries()) {
      results[c.i] = out[j];
      // the server did not take it: the mailbox's allowance is given back
      if (out[j].status !== "sent" && c.reserved)
        await releaseMailboxSend(db, c.email.clientId, c.email.from, now);
    }
  }
}

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
async function answerSeen(
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
async function writeSending(
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

type Delivered =
  | { status: "sent"; messageId: string }
  | { status: "failed"; transient: boolean; error: string }
  | { status: "deferred"; retryAt: Date; error: string };

function failed(e: unknown): Delivered {
  if (isTransportFailure(e))
    return e.retryAt
      ? { status: "deferred", retryAt: e.retryAt, error: e.message }
      : { status: "failed", transient: e.transient, error: e.message };
  const failure = classifySmtpError(e);
  return { status: "failed", transient: failure.transient, error: failure.error };
}

/**
 * The chunk's deliveries: a transport that records many at once (the dev outbox) in one call; a
 * provider's API one message at a time per mailbox (a mailbox's messages in order, so a pause or a
 * refused grant met by one is met by the next without another call: Graph allows 4 concurrent
 * requests a mailbox, MailboxConcurrency), mailboxes side by side; SMTP all at once (its pool).
 */
async function deliverChunk(
  transportOf: Map<number, EmailTransport>,
  claims: Claim[],
  now: Date,
): Promise<Delivered[]> {
  if (claims.length === 0) return [];
  const out: Delivered[] = new Array(claims.length);
  const groups = new Map<EmailTransport, number[]>();
  claims.forEach((c, j) => {
    const t = transportOf.get(c.i) as EmailTransport;
    groups.set(t, [...(groups.get(t) ?? []), j]);
  });
  const one = (t: EmailTransport, j: number) =>
    tracedDelivery(t, [claims[j].email], () => t.deliver(claims[j].email, now, claims[j].attempts)).then(
      (messageId): Delivered => ({ status: "sent", messageId }),
      (e): Delivered => failed(e),
    );
  await Promise.all(
    [...groups].map(async ([t, js]) => {
      if (t.deliverMany) {
        try {
          const emails = js.map((j) => claims[j].email);
          const ids = await tracedDelivery(t, emails, () => t.deliverMany!(emails, now));
          js.forEach((j, k) => {
            out[j] = { status: "sent", messageId: ids[k] };
          });
        } catch (e) {
          for (const j of js) out[j] = failed(e);
        }
        return;
      }
      if (t.name === "smtp" || t.name === "dev") {
        await Promise.all(js.map(async (j) => (out[j] = await one(t, j))));
        return;
      }
      const byMailbox = new Map<string, number[]>();
      for (const j of js)
        byMailbox.set(claims[j].email.from, [...(byMailbox.get(claims[j].email.from) ?? []), j]);
      await Promise.all(
        [...byMailbox.values()].map(async (mine) => {
          let stop: Delivered | null = null;
          for (const j of mine) {
            out[j] = stop ?? (await one(t, j));
            // a deferral (a pause, a refused grant) holds the mailbox's next messages too
            if (out[j].status === "deferred") stop = out[j];
          }
        }),
      );
    }),
  );
  return out;
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
