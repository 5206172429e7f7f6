// The inbox rows of the mailboxes people connected (issue 67 item 6; read-provider-mailbox.ts):
// which auth kinds are read through a provider's API, the receivers each provider's mailbox trusts,
// and ensureProviderInboxes, which gives every connected mailbox that may be read its
// mailbox_inboxes row (UIDVALIDITY 1, no credential: the tokens stay in mailbox_connections).
import { type Kysely, sql } from "kysely";
import type { Config } from "../config/config.ts";
import type { DB } from "../db/database.ts";
import type { OAuthMailboxProvider } from "../mailboxes/index.ts";
import { type MailboxOAuthProvider, mailboxOAuthProvider } from "../mailboxes/index.ts";
import type { InboxAuthKind } from "./tables.ts";

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

export const providerOfKind = (k: ProviderAuthKind): OAuthMailboxProvider =>
  k === "gmail_api" ? "google" : "microsoft";

export function providerOf(
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
