// Replies read from the mailbox a person connected, with the consent it was connected with (issue 67
// item 6): a Google mailbox through the Gmail API, a Microsoft 365 one through Microsoft Graph. No
// further setup: the inbox worker finds every connected mailbox that may be read and reads it as it
// reads an IMAP mailbox, each new INBOX message's raw RFC 822 bytes going through the same pipeline
// (processInboundMessage: classify, match, the trust rules, the review queue, process_reply).
//
// Keys. inbox_messages and inbound_reviews reference mailbox_inboxes, so each connected mailbox has a
// mailbox_inboxes row of its own (auth_kind 'gmail_api' or 'graph', no credential: the tokens stay
// sealed in mailbox_connections), created by ensureProviderInboxes (provider-inboxes.ts). Its
// UIDVALIDITY is 1 and its UIDs a per-mailbox counter assigned the first time the feed names a message
// (provider_inbox_messages: the provider's message id → UID), so a message named twice keeps its UID
// and inbox_messages' row makes it processed once. A mailbox that already has an IMAP row (XOAUTH2,
// as before) keeps being read by IMAP: one reader per address.
//
// Leases. The same as IMAP mailboxes' (inbox-lease.ts): one worker at a time, renewed while it reads,
// given back when it stops. The claim skips a connected mailbox that may not be read now (can_read
// off, needs_consent, disconnected). A 429 gives the lease back with claimed_until at Retry-After, so
// no worker reads that mailbox before then (and its sends are not paused by a read's 429).
//
// Cursors (mailbox_connections.read_cursor):
// - Gmail (developers.google.com/gmail/api/guides/sync): the profile's historyId at the first read;
//   then users.history.list(startHistoryId, historyTypes=messageAdded, labelId=INBOX), paged, and
//   users.messages.get(format=raw) for each message added to the INBOX. A 404 (the historyId is too
//   old) falls back to users.messages.list(q="in:inbox after:<epoch>") since the last read, and the
//   cursor starts again from the profile's historyId taken before that listing.
// - Graph (learn.microsoft.com/graph/delta-query-messages): GET /me/mailFolders/inbox/messages/delta
//   ($select=id,receivedDateTime), following @odata.nextLink, keeping @odata.deltaLink; the MIME from
//   GET /me/messages/{id}/$value. The delta names changed messages too (read, flagged): a message
//   received before the mailbox was connected is never taken for a new one. A 410 (the sync state is
//   gone) starts a new delta filtered on receivedDateTime since the last read.
// The first read takes, besides the cursor, what reached the INBOX since the mailbox was connected,
// and nothing of its past. Links are followed only on the provider's own API origin (they carry the
// person's token).
//
// Reading never changes the mailbox: GET requests only (nothing is marked read, moved or labelled).
// 401 → the token is refreshed once (refreshRejectedMailboxToken) and the request retried; a refused
// grant (invalid_grant) moves the mailbox to needs_consent (mailbox-tokens.ts), which stops reading
// it. Errors are recorded on the mailbox (last_error, "reading: …", the provider's status and error
// code and message, never a token or a body).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { type ClaimedInbox, renewInboxLease } from "./inbox-lease.ts";
import type { ProcessContext } from "./process-inbound.ts";
import { ProviderApi, ProviderThrottled } from "./provider-api.ts";
import { type ProviderAuthKind, providerOf, providerOfKind } from "./provider-inboxes.ts";
import { type Connection, LeaseLost, type PassContext, type ProviderPass } from "./provider-pass.ts";
import { readGmail } from "./read-gmail-feed.ts";
import { readGraph } from "./read-graph-feed.ts";
import type { MailboxInboxesTable } from "./tables.ts";

const clip = (s: string) => s.slice(0, 480);

async function recordReadError(db: Kysely<DB>, clientId: string, mailbox: string, words: string, now: Date) {
  await db
    .updateTable("mailbox_connections")
    .set({ last_error: clip(`reading: ${words}`), last_error_at: now, updated_at: now })
    .where("client_id", "=", clientId)
    .where("mailbox", "=", mailbox)
    .execute();
  await db
    .updateTable("mailbox_inboxes")
    .set({ status: "error", last_error: words.slice(0, 300), last_error_at: now, updated_at: now })
    .where("client_id", "=", clientId)
    .where("mailbox", "=", mailbox)
    .where("status", "<>", "paused")
    .execute();
}

/** Gives the lease back; with `until`, no worker takes the mailbox before then (Retry-After). */
async function giveBack(db: Kysely<DB>, c: ClaimedInbox, workerId: string, until: Date | null) {
  await db
    .updateTable("mailbox_inboxes")
    .set({ claimed_by: null, claimed_until: until })
    .where("client_id", "=", c.client_id)
    .where("id", "=", c.id)
    .where("claimed_by", "=", workerId)
    .execute();
}

type InboxRow = Pick<MailboxInboxesTable, "client_id" | "mailbox" | "auth_kind"> & { id: string };

/**
 * One pass over a connected mailbox (exported for the tests and `baton mailboxes inbox sync`): reads
 * the feed from the stored cursor, processes what is new, then stores the cursor. "unreadable" when
 * the mailbox may not be read now.
 */
export async function readProviderMailboxOnce(
  db: Kysely<DB>,
  claimed: ClaimedInbox,
  row: InboxRow,
  ctx: Omit<ProcessContext, "db">,
  o: {
    secret: string;
    secretEnv: Record<string, string>;
    clock: () => Date;
    keepLease?: () => Promise<boolean>;
    fetch?: typeof fetch;
  },
): Promise<ProviderPass | "unreadable"> {
  const name = providerOfKind(row.auth_kind as ProviderAuthKind);
  const conn = await db
    .selectFrom("mailbox_connections")
    .select(["provider", "read_cursor", "last_read_at", "connected_at", "can_read", "status"])
    .where("client_id", "=", row.client_id)
    .where("mailbox", "=", row.mailbox)
    .executeTakeFirst();
  if (
    !conn ||
    conn.provider !== name ||
    !conn.can_read ||
    (conn.status !== "connected" && conn.status !== "paused")
  )
    return "unreadable";
  const provider = providerOf(o.secretEnv, name);
  if (!provider) throw new BatonError("MAILBOX_PROVIDER_NOT_CONFIGURED", { provider: name });
  const api = new ProviderApi(
    { db, secret: o.secret, provider, fetch: o.fetch },
    row.client_id,
    row.mailbox,
    o.clock,
  );
  const pass: ProviderPass = { processed: 0, duplicates: 0, resynced: false, first: false };
  const p: PassContext = {
    db,
    api,
    provider,
    inbox: { clientId: row.client_id, id: row.id, mailbox: row.mailbox },
    ctx,
    clock: o.clock,
    keepLease: o.keepLease ?? (async () => true),
  };
  const c = conn as Connection;
  const cursor = name === "google" ? await readGmail(p, c, pass) : await readGraph(p, c, pass);
  const now = o.clock();
  await db
    .updateTable("mailbox_connections")
    .set({
      read_cursor: cursor,
      last_read_at: now,
      // a reading error is over once a pass succeeds; a sending one is not this reader's to clear
      last_error: sql<string | null>`case when last_error like 'reading:%' then null else last_error end`,
    })
    .where("client_id", "=", row.client_id)
    .where("mailbox", "=", row.mailbox)
    .execute();
  await db
    .updateTable("mailbox_inboxes")
    .set({
      status: "connected",
      last_connected_at: now,
      last_sync_at: now,
      last_error: null,
      updated_at: now,
    })
    .where("client_id", "=", claimed.client_id)
    .where("id", "=", claimed.id)
    .where("status", "<>", "paused")
    .execute();
  return pass;
}

/** What the session needs of the IMAP session's options (ingest-mailbox.ts SessionOptions). */
export interface ProviderSessionOptions {
  workerId: string;
  leaseMs: number;
  pollMs: number;
  secret: string;
  secretEnv: Record<string, string>;
  clock: () => Date;
  stopped: Promise<void>;
  isStopped: () => boolean;
  once?: boolean;
}

/**
 * A leased connected mailbox, read every pollMs until the worker stops or the lease is lost (the
 * IMAP session's contract: ingest-mailbox.ts). Throws on other errors after recording them; the
 * worker records them on the inbox row too and comes back with a backoff.
 */
export async function runProviderSession(
  db: Kysely<DB>,
  claimed: ClaimedInbox,
  row: InboxRow,
  ctx: Omit<ProcessContext, "db">,
  opts: ProviderSessionOptions,
): Promise<"stopped" | "lost"> {
  let renewedAt = Date.now();
  const keepLease = async () => {
    if (Date.now() - renewedAt < opts.leaseMs / 3) return true;
    renewedAt = Date.now();
    return renewInboxLease(db, claimed, opts.workerId, opts.leaseMs, opts.clock());
  };
  for (;;) {
    if (opts.isStopped()) return "stopped";
    let pass: ProviderPass | "unreadable";
    try {
      pass = await readProviderMailboxOnce(db, claimed, row, ctx, {
        secret: opts.secret,
        secretEnv: opts.secretEnv,
        clock: opts.clock,
        keepLease,
      });
    } catch (e) {
      if (e instanceof LeaseLost) return "lost";
      const now = opts.clock();
      if (e instanceof ProviderThrottled) {
        await recordReadError(
          db,
          row.client_id,
          row.mailbox,
          `${e.message}; read again after ${e.until.toISOString()}`,
          now,
        );
        await giveBack(db, claimed, opts.workerId, e.until);
        return "lost";
      }
      if (isBatonError(e) && e.code === "MAILBOX_NEEDS_CONSENT") {
        await recordReadError(
          db,
          row.client_id,
          row.mailbox,
          "stopped: the provider refused the grant; the owner must reconnect",
          now,
        );
        await giveBack(db, claimed, opts.workerId, null);
        return "lost";
      }
      await recordReadError(
        db,
        row.client_id,
        row.mailbox,
        e instanceof Error ? e.message : String(e),
        now,
      ).catch(() => {});
      throw e;
    }
    if (pass === "unreadable") {
      await giveBack(db, claimed, opts.workerId, null);
      return "lost";
    }
    if (opts.once) return "stopped";
    if (!(await renewInboxLease(db, claimed, opts.workerId, opts.leaseMs, opts.clock()))) return "lost";
    renewedAt = Date.now();
    // the next pass after pollMs (no push: the feeds are polled), or at once when the worker stops
    const waitMs = Math.min(opts.pollMs, Math.max(200, opts.leaseMs / 3));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, waitMs))), opts.stopped]);
    clearTimeout(timer);
  }
}
