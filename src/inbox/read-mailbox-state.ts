// Each mailbox's state for the workspace and the API (issue 12 part 6): its IMAP side (connected,
// last sync, cursor, errors, counts) and its sending side (sends today against today's limit and
// the warm-up ramp). The sending data belongs to src/channels; it is read here, never written.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { type MailboxSendState, mailboxSendState } from "../channels/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { INBOX_READER_ROLES } from "./manage-inboxes.ts";

/** The sending side, as src/channels reports it (mailboxSendState). */
export type MailboxSending = Omit<MailboxSendState, "mailbox">;

export interface MailboxInboxState {
  id: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  auth_kind: string;
  oauth_provider: string | null;
  /** how the password (XOAUTH2: the refresh token) is kept: 'encrypted', 'env:NAME' or null; never the secret */
  password: string | null;
  folder: string;
  status: string;
  /** a worker holds the mailbox and its last session connected */
  connected: boolean;
  idle_supported: boolean | null;
  last_sync_at: string | null;
  last_connected_at: string | null;
  cursor: { uidvalidity: string | null; last_uid: string };
  last_error: string | null;
  last_error_at: string | null;
  processed_count: string;
  unmatched_count: string;
  claimed_by: string | null;
  lease_until: string | null;
  /** RFC 8601 authserv-ids whose Authentication-Results the mailbox trusts (issue 35) */
  trusted_authserv_ids: string[];
}

/** The sending mailbox's deliverability (issue 35): sender-fault flags, complaint rate, self-pause. */
export interface MailboxDeliverabilityState {
  /** ok | flagged (a bounce said the fault was ours) | paused (sends nothing: complaint rate) */
  status: string;
  reason: string | null;
  flagged_at: string | null;
  sender_fault_count: number;
  complaints: number;
  sends_counted: number;
  complaint_rate: number;
  paused_at: string | null;
}

export interface MailboxState {
  mailbox: string;
  inbox: MailboxInboxState | null;
  sending: MailboxSending;
  deliverability: MailboxDeliverabilityState | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function listMailboxStates(
  db: Kysely<DB>,
  actor: Principal,
  now: Date,
  only?: string,
): Promise<MailboxState[]> {
  requireRole(actor, "read mailbox state", ...INBOX_READER_ROLES);
  const clientId = actor.clientId;
  let q = db.selectFrom("mailbox_inboxes").selectAll().where("client_id", "=", clientId);
  if (only) {
    q = /^[0-9a-f-]{36}$/i.test(only)
      ? q.where((eb) => eb.or([eb("id", "=", only), eb("mailbox", "=", only.toLowerCase())]))
      : q.where("mailbox", "=", only.toLowerCase());
  }
  const inboxes = await q.orderBy("mailbox").execute();
  const sending = new Map<string, MailboxSending>();
  for (const { mailbox, ...rest } of await mailboxSendState(db, clientId, now)) {
    sending.set(mailbox.toLowerCase(), rest);
  }
  const deliverability = new Map(
    (
      await db.selectFrom("mailbox_deliverability").selectAll().where("client_id", "=", clientId).execute()
    ).map((d) => [d.mailbox, d]),
  );
  const names = new Set(inboxes.map((i) => i.mailbox));
  if (!only) for (const m of [...sending.keys(), ...deliverability.keys()]) names.add(m);
  else if (deliverability.has(only.toLowerCase())) names.add(only.toLowerCase());
  const out: MailboxState[] = [];
  for (const mailbox of [...names].sort()) {
    const i = inboxes.find((x) => x.mailbox === mailbox);
    const d = deliverability.get(mailbox);
    out.push({
      mailbox,
      deliverability: d
        ? {
            status: d.status,
            reason: d.reason,
            flagged_at: iso(d.flagged_at),
            sender_fault_count: d.sender_fault_count,
            complaints: d.complaints,
            sends_counted: d.sends_counted,
            complaint_rate: Number(d.complaint_rate),
            paused_at: iso(d.paused_at),
          }
        : null,
      sending: sending.get(mailbox) ?? {
        sent_today: 0,
        daily_limit: null,
        limit_today: null,
        ramp: null,
        remaining_today: null,
        campaigns: [],
      },
      inbox: i
        ? {
            id: i.id,
            host: i.host,
            port: i.port,
            tls: i.tls,
            username: i.username,
            auth_kind: i.auth_kind,
            oauth_provider: i.oauth_provider,
            password: i.secret_enc ? "encrypted" : i.secret_env ? `env:${i.secret_env}` : null,
            folder: i.folder,
            status: i.status,
            connected:
              i.status === "connected" && i.claimed_until !== null && new Date(i.claimed_until) > now,
            idle_supported: i.idle_supported,
            last_sync_at: iso(i.last_sync_at),
            last_connected_at: iso(i.last_connected_at),
            cursor: {
              uidvalidity: i.uidvalidity === null ? null : String(i.uidvalidity),
              last_uid: String(i.last_uid),
            },
            last_error: i.last_error,
            last_error_at: iso(i.last_error_at),
            processed_count: String(i.processed_count),
            unmatched_count: String(i.unmatched_count),
            claimed_by: i.claimed_by,
            lease_until: iso(i.claimed_until),
            trusted_authserv_ids: i.trusted_authserv_ids ?? [],
          }
        : null,
    });
  }
  if (only && out.length === 0) throw new BatonError("NOT_FOUND", { entity: "mailbox", id: only });
  return out;
}
