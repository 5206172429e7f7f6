// Replies read from the mailbox a person connected, with the consent it was connected with (issue 67
// item 6): a Google mailbox through the Gmail API, a Microsoft 365 one through Microsoft Graph. No
// further setup: the inbox worker finds every connected mailbox that may be read and reads it as it
// reads an IMAP mailbox, each new INBOX message's raw RFC 822 bytes going through the same pipeline
// (processInboundMessage: classify, match, the trust rules, the review queue, process_reply).
//
// Keys. inbox_messages and inbound_reviews reference mailbox_inboxes, so each connected mailbox has a
// mailbox_inboxes row of its own (auth_kind 'gmail_api' or 'graph', no credential: the tokens stay
// sealed in mailbox_connections), created here by ensureProviderInboxes. Its UIDVALIDITY is 1 and
// its UIDs a per-mailbox counter assigned the first time the feed names a message
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
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import type { OAuthMailboxProvider } from "../mailboxes/index.ts";
import {
  type MailboxOAuthProvider,
  mailboxAccessToken,
  mailboxOAuthProvider,
  refreshRejectedMailboxToken,
  type TokenContext,
} from "../mailboxes/index.ts";
import { type ClaimedInbox, renewInboxLease } from "./inbox-lease.ts";
import type { ProcessContext } from "./process-inbound.ts";
import type { InboxAuthKind, MailboxInboxesTable } from "./tables.ts";
import { processInbound } from "./traced-inbound.ts";

export const PROVIDER_AUTH_KINDS = ["gmail_api", "graph"] as const;
export type ProviderAuthKind = (typeof PROVIDER_AUTH_KINDS)[number];
export const isProviderInbox = (k: InboxAuthKind | string): k is ProviderAuthKind =>
  (PROVIDER_AUTH_KINDS as readonly string[]).includes(k);

/** The one UIDVALIDITY of a connected mailbox's inbox row: its UIDs are Baton's own and never reassigned. */
export const PROVIDER_UIDVALIDITY = "1";

/**
 * The receivers a connected mailbox trusts by default (read-arc-seal.ts ARC_SEALERS, docs/mailboxes.md
 * "Trust"): Gmail writes its Authentication-Results under mx.google.com and seals them (ARC) with
 * d=google.com; Exchange Online seals its verdict under mx.microsoft.com with d=microsoft.com
 * (s=arcselector…; its plain Authentication-Results carry no authserv-id). The mailbox's own
 * provider received the mail, so its seal is the one to believe.
 */
export const PROVIDER_TRUST: Record<
  OAuthMailboxProvider,
  { authKind: ProviderAuthKind; authservIds: string[]; host: string }
> = {
  google: { authKind: "gmail_api", authservIds: ["mx.google.com"], host: "gmail.googleapis.com" },
  microsoft: { authKind: "graph", authservIds: ["mx.microsoft.com"], host: "graph.microsoft.com" },
};

const providerOfKind = (k: ProviderAuthKind): OAuthMailboxProvider =>
  k === "gmail_api" ? "google" : "microsoft";

function providerOf(
  secretEnv: Record<string, string>,
  name: OAuthMailboxProvider,
): MailboxOAuthProvider | undefined {
  return mailboxOAuthProvider({ inbox: { secretEnv } } as Pick<Config, "inbox">, name);
}

/**
 * Gives every connected mailbox that may be read, and has no inbox row yet, its row (trusting its
 * provider's receiver); returns how many were added. A read-only fan-out lists them, then one insert
 * per mailbox names its tenant.
 */
export async function ensureProviderInboxes(
  db: Kysely<DB>,
  now: Date,
  o: { clientIds?: string[]; secretEnv?: Record<string, string> } = {},
): Promise<number> {
  const missing = await sql<{ client_id: string; mailbox: string; provider: OAuthMailboxProvider }>`
    select c.client_id, c.mailbox, c.provider from mailbox_connections c
     where c.provider in ('google', 'microsoft') and c.can_read and c.status in ('connected', 'paused')
       and (${o.clientIds ?? null}::text[] is null or c.client_id = any(${o.clientIds ?? null}::text[]))
       and not exists (select 1 from mailbox_inboxes i where i.client_id = c.client_id and i.mailbox = c.mailbox)
     order by c.client_id, c.mailbox
     limit 500`.execute(db);
  let added = 0;
  for (const c of missing.rows) {
    const t = PROVIDER_TRUST[c.provider];
    const api = providerOf(o.secretEnv ?? {}, c.provider)?.apiUrl;
    const host = api ? new URL(api).hostname : t.host;
    const r = await db
      .insertInto("mailbox_inboxes")
      .values({
        client_id: c.client_id,
        mailbox: c.mailbox,
        host,
        port: 443,
        tls: true,
        username: c.mailbox,
        auth_kind: t.authKind,
        oauth_provider: c.provider,
        folder: "INBOX",
        uidvalidity: PROVIDER_UIDVALIDITY,
        trusted_authserv_ids: t.authservIds,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(["client_id", "mailbox"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (r) added++;
  }
  return added;
}

/** A provider's answer that says to come back later (429, Gmail's 403 rate limits, 503 with Retry-After). */
export class ProviderThrottled extends Error {
  constructor(
    message: string,
    readonly until: Date,
  ) {
    super(message);
  }
}

/** A provider's refusal, in its own words (status, error code, message); never a token or a body. */
export class ProviderReadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function retryAt(h: string | null, now: Date): Date {
  const secs = h && /^\d+$/.test(h.trim()) ? Number(h) : Number.NaN;
  if (Number.isFinite(secs)) return new Date(now.getTime() + Math.max(1, secs) * 1000);
  const at = h ? Date.parse(h) : Number.NaN;
  return Number.isFinite(at) && at > now.getTime() ? new Date(at) : new Date(now.getTime() + 60_000);
}

/** The provider's error code and message from its JSON error body (Google's and Graph's shapes). */
async function errorWords(res: Response): Promise<{ code: string; message: string }> {
  const text = await res.text().catch(() => "");
  try {
    const e = (JSON.parse(text) as { error?: unknown }).error as
      | { code?: unknown; status?: unknown; message?: unknown; errors?: { reason?: string }[] }
      | string
      | undefined;
    if (typeof e === "string") return { code: e, message: "" };
    const reason = e?.errors?.[0]?.reason;
    const code =
      reason ?? (typeof e?.code === "string" ? e.code : typeof e?.status === "string" ? e.status : "");
    return { code: String(code), message: typeof e?.message === "string" ? e.message.slice(0, 200) : "" };
  } catch {
    return { code: "", message: "" };
  }
}

/** GETs on the provider's API as the mailbox's owner: a token refreshed once after a 401. */
class ProviderApi {
  private token: string | null = null;
  requests = 0;
  constructor(
    private readonly tokens: TokenContext,
    private readonly clientId: string,
    private readonly mailbox: string,
    private readonly clock: () => Date,
  ) {}

  get label() {
    return this.tokens.provider.name === "google" ? "Gmail API" : "Microsoft Graph";
  }

  /** The answer; 404 and 410 are the caller's to read, any other failure throws. */
  async get(url: string, accept = "application/json", extra: Record<string, string> = {}): Promise<Response> {
    const origin = new URL(this.tokens.provider.apiUrl).origin;
    if (new URL(url).origin !== origin)
      throw new ProviderReadError(`${this.label}: a link outside ${origin} was not followed`, 0);
    this.token ??= await mailboxAccessToken(this.tokens, this.clientId, this.mailbox, this.clock());
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      const res = await (this.tokens.fetch ?? fetch)(url, {
        headers: { authorization: `Bearer ${this.token}`, accept, ...extra },
      });
      if (res.status === 401 && attempt === 0) {
        await res.body?.cancel();
        this.token = await refreshRejectedMailboxToken(
          this.tokens,
          this.clientId,
          this.mailbox,
          this.token,
          this.clock(),
        );
        continue;
      }
      if (res.ok || res.status === 404 || res.status === 410) return res;
      const w = await errorWords(res);
      const said = `${this.label} ${res.status}${w.code ? ` ${w.code}` : ""}${w.message ? `: ${w.message}` : ""}`;
      const limited =
        res.status === 429 ||
        (res.status === 403 && /rateLimitExceeded|userRateLimitExceeded|MailboxConcurrency/i.test(w.code)) ||
        (res.status === 503 && res.headers.has("retry-after"));
      if (limited) throw new ProviderThrottled(said, retryAt(res.headers.get("retry-after"), this.clock()));
      throw new ProviderReadError(said, res.status);
    }
  }

  async json<T>(url: string, extra?: Record<string, string>): Promise<T> {
    const res = await this.get(url, "application/json", extra);
    if (!res.ok) {
      const w = await errorWords(res);
      throw new ProviderReadError(
        `${this.label} ${res.status}${w.code ? ` ${w.code}` : ""}${w.message ? `: ${w.message}` : ""}`,
        res.status,
      );
    }
    return (await res.json()) as T;
  }
}

interface Connection {
  provider: OAuthMailboxProvider;
  read_cursor: string | null;
  last_read_at: Date | null;
  connected_at: Date;
}

/** What one pass read. */
export interface ProviderPass {
  /** messages the feed named that were new to Baton and went through the pipeline */
  processed: number;
  /** messages named again (already processed) */
  duplicates: number;
  /** the cursor was too old (Gmail 404, Graph 410): read by date since the last read instead */
  resynced: boolean;
  /** the first read: the cursor taken, and what arrived since the mailbox was connected */
  first: boolean;
}

interface PassContext {
  db: Kysely<DB>;
  api: ProviderApi;
  provider: MailboxOAuthProvider;
  inbox: { clientId: string; id: string; mailbox: string };
  ctx: Omit<ProcessContext, "db">;
  clock: () => Date;
  /** renews the lease during a long pass; false when it was lost */
  keepLease: () => Promise<boolean>;
}

class LeaseLost extends Error {}

/** The UID of a provider's message in this mailbox: the one it was given, or the next. */
async function uidFor(
  db: Kysely<DB>,
  clientId: string,
  mailboxId: string,
  providerId: string,
  now: Date,
): Promise<number> {
  const r = await sql<{ uid: string | number }>`
    insert into provider_inbox_messages (client_id, mailbox_id, provider_message_id, uid, first_seen_at)
    select ${clientId}, ${mailboxId}::uuid, ${providerId}, coalesce(max(uid), 0) + 1, ${now}
      from provider_inbox_messages where client_id = ${clientId} and mailbox_id = ${mailboxId}::uuid
    on conflict (client_id, mailbox_id, provider_message_id) do nothing
    returning uid`.execute(db);
  if (r.rows[0]) return Number(r.rows[0].uid);
  const row = await db
    .selectFrom("provider_inbox_messages")
    .select("uid")
    .where("client_id", "=", clientId)
    .where("mailbox_id", "=", mailboxId)
    .where("provider_message_id", "=", providerId)
    .executeTakeFirstOrThrow();
  return Number(row.uid);
}

/** One message the feed named: processed once, its bytes fetched only when it is new. */
async function ingest(
  p: PassContext,
  pass: ProviderPass,
  providerId: string,
  raw: () => Promise<Buffer | null>,
) {
  const { db, inbox } = p;
  const uid = await uidFor(db, inbox.clientId, inbox.id, providerId, p.clock());
  const seen = await db
    .selectFrom("inbox_messages")
    .select("uid")
    .where("client_id", "=", inbox.clientId)
    .where("mailbox_id", "=", inbox.id)
    .where("uidvalidity", "=", PROVIDER_UIDVALIDITY)
    .where("uid", "=", String(uid))
    .executeTakeFirst();
  if (seen) {
    pass.duplicates++;
    return;
  }
  const bytes = await raw();
  if (!bytes) return; // gone from the mailbox since the feed named it
  if (!(await p.keepLease())) throw new LeaseLost();
  const r = await processInbound({ ...p.ctx, db }, inbox, PROVIDER_UIDVALIDITY, uid, bytes, p.clock());
  if (r.duplicate) pass.duplicates++;
  else pass.processed++;
}

const unique = (ids: string[]) => [...new Set(ids)];

async function readGmail(p: PassContext, conn: Connection, pass: ProviderPass): Promise<string> {
  const base = `${p.provider.apiUrl}/gmail/v1/users/me`;
  const raw = (id: string) => async () => {
    const res = await p.api.get(`${base}/messages/${encodeURIComponent(id)}?format=raw`);
    if (res.status === 404 || res.status === 410) return null;
    const m = (await res.json()) as { raw?: string };
    return m.raw ? Buffer.from(m.raw, "base64url") : null;
  };
  /** the profile's historyId now, then every INBOX message since `since` (oldest first) */
  const bySearch = async (since: Date) => {
    const profile = await p.api.json<{ historyId: string }>(`${base}/profile`);
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const q = new URLSearchParams({
        q: `in:inbox after:${Math.floor(since.getTime() / 1000)}`,
        maxResults: "500",
      });
      if (pageToken) q.set("pageToken", pageToken);
      const page = await p.api.json<{ messages?: { id: string }[]; nextPageToken?: string }>(
        `${base}/messages?${q}`,
      );
      ids.push(...(page.messages ?? []).map((m) => m.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    for (const id of unique(ids).reverse()) await ingest(p, pass, id, raw(id));
    return String(profile.historyId);
  };
  if (!conn.read_cursor) {
    pass.first = true;
    return bySearch(conn.connected_at);
  }
  const ids: string[] = [];
  let latest = conn.read_cursor;
  let pageToken: string | undefined;
  do {
    const q = new URLSearchParams({
      startHistoryId: conn.read_cursor,
      historyTypes: "messageAdded",
      labelId: "INBOX",
      maxResults: "500",
    });
    if (pageToken) q.set("pageToken", pageToken);
    const res = await p.api.get(`${base}/history?${q}`);
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      pass.resynced = true;
      return bySearch(new Date((conn.last_read_at ?? conn.connected_at).getTime() - 60_000));
    }
    const page = (await res.json()) as {
      history?: { messagesAdded?: { message: { id: string; labelIds?: string[] } }[] }[];
      historyId?: string;
      nextPageToken?: string;
    };
    for (const h of page.history ?? [])
      for (const a of h.messagesAdded ?? [])
        if (!a.message.labelIds || a.message.labelIds.includes("INBOX")) ids.push(a.message.id);
    if (page.historyId) latest = String(page.historyId);
    pageToken = page.nextPageToken;
  } while (pageToken);
  for (const id of unique(ids)) await ingest(p, pass, id, raw(id));
  return latest;
}

async function readGraph(p: PassContext, conn: Connection, pass: ProviderPass): Promise<string> {
  const api = p.provider.apiUrl;
  const initial = (since: Date) =>
    `${api}/v1.0/me/mailFolders/inbox/messages/delta?${new URLSearchParams({
      $select: "id,receivedDateTime",
      $filter: `receivedDateTime ge ${since.toISOString().replace(/\.\d{3}Z$/, "Z")}`,
    })}`;
  const raw = (id: string) => async () => {
    const res = await p.api.get(`${api}/v1.0/me/messages/${encodeURIComponent(id)}/$value`, "*/*");
    if (res.status === 404 || res.status === 410) return null;
    return Buffer.from(await res.arrayBuffer());
  };
  // a message received before the mailbox was connected (or before the read the delta restarts
  // from) is never new, whatever change the delta reports of it: the bound of the initial $filter
  let floor = conn.connected_at;
  let url = conn.read_cursor ?? initial(conn.connected_at);
  if (!conn.read_cursor) pass.first = true;
  const prefer = { prefer: 'odata.maxpagesize=100, IdType="ImmutableId"' };
  const ids: string[] = [];
  for (;;) {
    const res = await p.api.get(url, "application/json", prefer);
    if (res.status === 404 || res.status === 410) {
      await res.body?.cancel();
      if (pass.resynced)
        throw new ProviderReadError(
          `${p.api.label} ${res.status}: the new delta was refused too`,
          res.status,
        );
      pass.resynced = true;
      const since = new Date((conn.last_read_at ?? conn.connected_at).getTime() - 60_000);
      floor = since > floor ? since : floor;
      ids.length = 0;
      url = initial(since);
      continue;
    }
    const page = (await res.json()) as {
      value?: { id: string; receivedDateTime?: string; "@removed"?: unknown }[];
      "@odata.nextLink"?: string;
      "@odata.deltaLink"?: string;
    };
    for (const m of page.value ?? []) {
      if (m["@removed"]) continue;
      // receivedDateTime has whole seconds: a message received in the second the mailbox was
      // connected, after it, reads as earlier than connected_at; the floor is that second's start
      if (m.receivedDateTime && Date.parse(m.receivedDateTime) < Math.floor(floor.getTime() / 1000) * 1000)
        continue;
      ids.push(m.id);
    }
    if (page["@odata.nextLink"]) {
      url = page["@odata.nextLink"];
      continue;
    }
    if (!page["@odata.deltaLink"])
      throw new ProviderReadError(
        `${p.api.label}: the delta answered neither a next link nor a delta link`,
        res.status,
      );
    for (const id of unique(ids)) await ingest(p, pass, id, raw(id));
    return page["@odata.deltaLink"];
  }
}

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
