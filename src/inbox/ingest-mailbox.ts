// One connection to one leased mailbox (issue 12 part 1): log in (password or XOAUTH2), open the
// folder, read every message above the stored cursor in UID order, then wait for more with IDLE
// where the server supports it (imapflow idles on its own between commands and reports EXISTS),
// polling otherwise. Returns when the worker stops or the lease is lost; throws on IMAP errors
// (the worker records them on the mailbox and reconnects with a backoff).
import type { ImapFlow as ImapFlowClient } from "imapflow";
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { accessTokenProvider } from "./access-token.ts";
import { type ClaimedInbox, renewInboxLease } from "./inbox-lease.ts";
import { decryptSecret, encryptSecret } from "./inbox-secret.ts";
import { builtinTokenProvider } from "./oauth-refresh-provider.ts";
import { preloadMailModules } from "./parse-inbound.ts";
import type { ProcessContext } from "./process-inbound.ts";
import { isProviderInbox } from "./provider-inboxes.ts";
import { runProviderSession } from "./read-provider-mailbox.ts";
import { processInbound } from "./traced-inbound.ts";

export interface SessionOptions {
  workerId: string;
  leaseMs: number;
  /** how often to look for new mail when the server has no IDLE (and the longest IDLE wait) */
  pollMs: number;
  /** BATON_SECRET: the key of stored passwords */
  secret: string;
  /** BATON_MAILBOX_* environment variables, for passwords stored as a reference */
  secretEnv: Record<string, string>;
  clock: () => Date;
  /** resolves when the worker stops */
  stopped: Promise<void>;
  isStopped: () => boolean;
  /** how many messages are fetched per round trip */
  fetchBatch?: number;
  /** one pass (read what is there, then return): `baton mailboxes inbox sync` */
  once?: boolean;
}

type InboxRow = Awaited<ReturnType<typeof loadInbox>>;

async function loadInbox(db: Kysely<DB>, c: ClaimedInbox) {
  return db
    .selectFrom("mailbox_inboxes")
    .selectAll()
    .where("client_id", "=", c.client_id)
    .where("id", "=", c.id)
    .executeTakeFirstOrThrow();
}

/** The mailbox's stored secret (its password, or for XOAUTH2 its refresh token), or why not. */
function storedSecret(row: InboxRow, opts: SessionOptions): { value: string | null; why: string } {
  if (row.secret_enc) {
    const value = decryptSecret(opts.secret, row.secret_enc);
    return {
      value,
      why: `the stored ${row.auth_kind === "xoauth2" ? "refresh token" : "password"} was sealed under another BATON_SECRET`,
    };
  }
  if (row.secret_env)
    return {
      value: opts.secretEnv[row.secret_env] ?? null,
      why: `the environment variable ${row.secret_env} is not set`,
    };
  return { value: null, why: "no password is stored" };
}

async function authOf(db: Kysely<DB>, row: InboxRow, opts: SessionOptions) {
  if (row.auth_kind === "xoauth2") {
    const name = row.oauth_provider ?? "";
    const provider = accessTokenProvider(name) ?? builtinTokenProvider(name, opts.secretEnv);
    if (typeof provider === "string")
      throw new BatonError("INBOX_AUTH_UNAVAILABLE", { mailbox: row.mailbox, why: provider });
    let refreshToken: string | undefined;
    let saveRefreshToken: ((t: string) => Promise<void>) | undefined;
    if (row.secret_enc || row.secret_env) {
      const s = storedSecret(row, opts);
      if (s.value === null)
        throw new BatonError("INBOX_AUTH_UNAVAILABLE", { mailbox: row.mailbox, why: s.why });
      refreshToken = s.value;
    }
    if (row.secret_enc) {
      let sealed = row.secret_enc;
      // a rotated refresh token replaces the sealed one, unless someone stored another meanwhile
      saveRefreshToken = async (t) => {
        const next = encryptSecret(opts.secret, t);
        const r = await db
          .updateTable("mailbox_inboxes")
          .set({ secret_enc: next })
          .where("client_id", "=", row.client_id)
          .where("id", "=", row.id)
          .where("secret_enc", "=", sealed)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) > 0) sealed = next;
      };
    }
    const accessToken = await provider.getAccessToken({
      clientId: row.client_id,
      mailbox: row.mailbox,
      username: row.username,
      provider: provider.name,
      refreshToken,
      saveRefreshToken,
    });
    return { user: row.username, accessToken };
  }
  const s = storedSecret(row, opts);
  if (s.value === null) throw new BatonError("INBOX_AUTH_UNAVAILABLE", { mailbox: row.mailbox, why: s.why });
  return { user: row.username, pass: s.value };
}

export async function runMailboxSession(
  db: Kysely<DB>,
  claimed: ClaimedInbox,
  ctx: Omit<ProcessContext, "db">,
  opts: SessionOptions,
): Promise<"stopped" | "lost"> {
  const row = await loadInbox(db, claimed);
  // a mailbox a person connected (issue 67 item 6): read through its provider's API, not IMAP
  if (isProviderInbox(row.auth_kind)) return runProviderSession(db, claimed, row, ctx, opts);
  // loaded on first use: imapflow costs ~0.3 s of a start that reads no mailbox
  const { ImapFlow } = await import("imapflow");
  // while the session connects: the modules its first message needs (parse-inbound.ts)
  void preloadMailModules();
  const client: ImapFlowClient = new ImapFlow({
    host: row.host,
    port: row.port,
    secure: row.tls,
    auth: await authOf(db, row, opts),
    logger: false,
    // without IDLE, poll the folder (STATUS) between our own fetches
    missingIdleCommand: "STATUS",
    maxIdleTime: opts.pollMs,
    // IDLE as soon as our own commands are done (the default waits seconds first)
    autoIdleDelay: 50,
  } as ConstructorParameters<typeof ImapFlow>[0]);
  let wake: () => void = () => {};
  client.on("exists", () => wake());
  client.on("error", () => wake()); // the next command fails and the session throws
  await client.connect();
  try {
    // read-only (EXAMINE): Baton never changes the mailbox, not even \Seen
    const box = await client.mailboxOpen(row.folder, { readOnly: true });
    const uidvalidity = String(box.uidValidity);
    const idle = client.capabilities.has("IDLE");
    const now = opts.clock();
    // a new UIDVALIDITY means the folder's UIDs were reassigned: read it again from the start
    // (replies and bounces are idempotent per Message-ID, so nothing is applied twice)
    await db
      .updateTable("mailbox_inboxes")
      .set({
        uidvalidity,
        last_uid:
          row.uidvalidity !== null && String(row.uidvalidity) === uidvalidity ? sql<string>`last_uid` : "0",
        status: "connected",
        idle_supported: idle,
        last_connected_at: now,
        last_error: null,
        updated_at: now,
      })
      .where("client_id", "=", row.client_id)
      .where("id", "=", row.id)
      .where("status", "<>", "paused")
      .execute();
    const inbox = { clientId: row.client_id, id: row.id, mailbox: row.mailbox };
    const full = { ...ctx, db };
    const batch = opts.fetchBatch ?? 50;
    let renewedAt = Date.now();
    for (;;) {
      if (opts.isStopped()) return "stopped";
      const cursor = await db
        .selectFrom("mailbox_inboxes")
        .select(["last_uid", "uidvalidity", "status"])
        .where("client_id", "=", row.client_id)
        .where("id", "=", row.id)
        .executeTakeFirstOrThrow();
      if (String(cursor.uidvalidity) !== uidvalidity) return "lost"; // reconnect and re-read under the new one
      const last = Number(cursor.last_uid);
      const found = await client.search({ uid: `${last + 1}:*` }, { uid: true });
      const uids = (found || []).filter((u) => u > last).sort((a, b) => a - b);
      for (let i = 0; i < uids.length; i += batch) {
        const chunk = uids.slice(i, i + batch);
        const msgs = await client.fetchAll(chunk.join(","), { uid: true, source: true }, { uid: true });
        msgs.sort((a, b) => a.uid - b.uid);
        for (const msg of msgs) {
          if (opts.isStopped()) return "stopped";
          if (!msg.source) continue;
          await processInbound(full, inbox, uidvalidity, msg.uid, msg.source, opts.clock());
        }
        if (Date.now() - renewedAt > opts.leaseMs / 3) {
          if (!(await renewInboxLease(db, claimed, opts.workerId, opts.leaseMs, opts.clock()))) return "lost";
          renewedAt = Date.now();
        }
      }
      await db
        .updateTable("mailbox_inboxes")
        .set({ last_sync_at: opts.clock() })
        .where("client_id", "=", row.client_id)
        .where("id", "=", row.id)
        .execute();
      if (opts.once) return "stopped";
      if (!(await renewInboxLease(db, claimed, opts.workerId, opts.leaseMs, opts.clock()))) return "lost";
      renewedAt = Date.now();
      // wait for EXISTS (IDLE, or the STATUS poll), the renewal time, or the worker's stop
      // (at least every 5 s, so a pause or a lost lease is noticed soon)
      const waitMs = Math.min(opts.pollMs, 5000, Math.max(200, opts.leaseMs / 3));
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, waitMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
        opts.stopped.then(wake);
      });
      wake = () => {};
      if (!client.usable) throw new Error("the IMAP connection closed");
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
