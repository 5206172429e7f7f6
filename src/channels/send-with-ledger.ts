// The at-most-once delivery ledger shared by every email transport (spec 002: "a step is executed
// and sent at most once even when workers crash ... check [the idempotency key] at the channel").
// Each key is written ONCE on the way out (issue 39 item 2):
// 1. Reserve today's allowance of the sending mailbox (a pool's least used one with room: rotation,
//    with warm-up ramps, reserve-mailboxes.ts); none left → `deferred` until midnight UTC, and
//    nothing is written to the ledger.
// 2. INSERT the key as 'sending' with its mailbox and the Message-ID we generated
//    (<uuid@sending-domain>), in its own committed statement BEFORE any SMTP traffic, a few keys at
//    a time (the chunk about to be delivered; write-ledger-keys.ts). A key already present
//    ('sending', or 'sent' from before this protocol) means the message may have gone out: answer
//    `duplicate`, never resend (its mailbox allowance is given back). A recorded *transient* failure
//    may be taken again, and so may a key left 'claimed' by the protocol before this one when the
//    caller is the key's only live sender (`exclusive`); attempts + 1, and the earlier attempt's
//    Message-ID is kept.
// 3. Talk to the transport (deliver-chunk.ts). Success writes nothing here: the caller's record of
//    it (the engine's touch row for the send item with this key) is the success. A failure is
//    recorded ('failed', transient or not) and the allowance given back.
// So even an unknown outcome has its mailbox and Message-ID, and a reply to it can be matched
// (In-Reply-To / References). A crash after 2 leaves 'sending' with no touch: possibly sent, never
// resent, and counted by the touch caps until the window passes (batch-snapshot.ts).
import { type Kysely, sql } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { OutboundEmail, SendManyOptions, SendResult } from "./channel.ts";
import { commercialFooter, withUnsubscribeHeaders } from "./commercial-compliance.ts";
import { deliverChunk } from "./deliver-chunk.ts";
import type { EmailTransport, MailboxTransports } from "./email-transport.ts";
import type { Candidate, Claim } from "./ledger-types.ts";
import { releaseMailboxSend } from "./mailbox-limits.ts";
import { renderHtml } from "./render-html.ts";
import { reserveMailboxes } from "./reserve-mailboxes.ts";
import { loadSenderIdentities } from "./sender-identity.ts";
import { answerSeen, writeSending } from "./write-ledger-keys.ts";

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
