// Each mailbox's state for the workspace and the API (issue 12 part 6): its IMAP side (connected,
// last sync, cursor, errors, counts) and its sending side (sends today against today's limit and
// the warm-up ramp). The sending data belongs to src/channels; it is read here, never written.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { utcDay } from "../channels/mailbox-limits.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { INBOX_READER_ROLES } from "./manage-inboxes.ts";

export interface MailboxSending {
  sent_today: number;
  daily_limit: number | null;
  /** today's allowance: the ramp's value, capped by the limit (null: no limit) */
  limit_today: number | null;
  ramp: { start: number; step: number; start_day: string } | null;
}

export interface MailboxInboxState {
  id: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  auth_kind: string;
  oauth_provider: string | null;
  /** how the password is kept: 'encrypted', 'env:NAME', or null for XOAUTH2 (never the password) */
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
}

export interface MailboxState {
  mailbox: string;
  inbox: MailboxInboxState | null;
  sending: MailboxSending;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The ramp of a mailbox_limits row (columns added by the outbound work; absent → no ramp). */
function sendingOf(limit: Record<string, unknown> | undefined, sent: number, now: Date): MailboxSending {
  const daily = typeof limit?.daily_limit === "number" ? limit.daily_limit : null;
  const start = typeof limit?.ramp_start === "number" ? limit.ramp_start : null;
  const step = typeof limit?.ramp_step === "number" ? limit.ramp_step : null;
  const startDay = typeof limit?.ramp_start_day === "string" ? limit.ramp_start_day.slice(0, 10) : null;
  let today = daily;
  let ramp: MailboxSending["ramp"] = null;
  if (start !== null && step !== null && startDay) {
    ramp = { start, step, start_day: startDay };
    const days = Math.max(0, Math.floor((Date.parse(utcDay(now)) - Date.parse(startDay)) / 86_400_000));
    const r = start + step * days;
    today = daily === null ? r : Math.min(daily, r);
  }
  return { sent_today: sent, daily_limit: daily, limit_today: today, ramp };
}

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
  const limits = await sql<{ mailbox: string; l: Record<string, unknown> }>`
    select l.mailbox, to_jsonb(l) as l from mailbox_limits l where l.client_id = ${clientId}`.execute(db);
  const counts = await db
    .selectFrom("mailbox_send_counts")
    .select(["mailbox", "sent"])
    .where("client_id", "=", clientId)
    .where("day", "=", utcDay(now) as unknown as Date)
    .execute();
  const limitOf = new Map(limits.rows.map((r) => [r.mailbox.toLowerCase(), r.l]));
  const sentOf = new Map(counts.map((c) => [c.mailbox.toLowerCase(), c.sent]));
  const names = new Set(inboxes.map((i) => i.mailbox));
  if (!only) for (const m of [...limitOf.keys(), ...sentOf.keys()]) names.add(m);
  const out: MailboxState[] = [];
  for (const mailbox of [...names].sort()) {
    const i = inboxes.find((x) => x.mailbox === mailbox);
    out.push({
      mailbox,
      sending: sendingOf(limitOf.get(mailbox), sentOf.get(mailbox) ?? 0, now),
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
            cursor: { uidvalidity: i.uidvalidity, last_uid: String(i.last_uid) },
            last_error: i.last_error,
            last_error_at: iso(i.last_error_at),
            processed_count: String(i.processed_count),
            unmatched_count: String(i.unmatched_count),
            claimed_by: i.claimed_by,
            lease_until: iso(i.claimed_until),
          }
        : null,
    });
  }
  if (only && out.length === 0) throw new BatonError("NOT_FOUND", { entity: "mailbox", id: only });
  return out;
}
