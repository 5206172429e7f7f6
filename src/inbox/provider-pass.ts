// One pass over a connected mailbox's feed (issue 67 item 6; read-provider-mailbox.ts): what the
// Gmail and Graph readers share (the pass's context and counts), and each message the feed names:
// its UID in Baton's own numbering (provider_inbox_messages: the provider's message id → UID, kept),
// then, when inbox_messages has no row for it, its raw bytes through the IMAP mailboxes' pipeline.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { MailboxOAuthProvider, OAuthMailboxProvider } from "../mailboxes/index.ts";
import type { ProcessContext } from "./process-inbound.ts";
import type { ProviderApi } from "./provider-api.ts";
import { PROVIDER_UIDVALIDITY } from "./provider-inboxes.ts";
import { processInbound } from "./traced-inbound.ts";

export interface Connection {
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

export interface PassContext {
  db: Kysely<DB>;
  api: ProviderApi;
  provider: MailboxOAuthProvider;
  inbox: { clientId: string; id: string; mailbox: string };
  ctx: Omit<ProcessContext, "db">;
  clock: () => Date;
  /** renews the lease during a long pass; false when it was lost */
  keepLease: () => Promise<boolean>;
}

export class LeaseLost extends Error {}

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
export async function ingest(
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

export const unique = (ids: string[]) => [...new Set(ids)];
