// A connected mailbox's state changes (issue 67 items 3 and 4): a refused grant asks its owner for
// consent again, a provider's 429 or quota pauses that one mailbox until it resets, a bounce rate
// pauses it until a person resumes it. Each change is an event in the log (mailbox_paused,
// mailbox_needs_consent, mailbox_resumed; no prospect), with its numbers, and the Mailboxes page and
// My mailbox show the reason from the row.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";
import type { MailboxStatus } from "./tables.ts";

export type MailboxEventType =
  | "mailbox_paused"
  | "mailbox_needs_consent"
  | "mailbox_resumed"
  | "mailbox_connected"
  | "mailbox_disconnected";

async function logMailboxEvent(
  db: Kysely<DB>,
  clientId: string,
  mailbox: string,
  type: MailboxEventType,
  now: Date,
  details: Record<string, unknown>,
  actor: string | null = null,
): Promise<void> {
  await appendEvents(db, [
    {
      client_id: clientId,
      occurred_at: now,
      channel: "email",
      event_type: type,
      actor_principal_id: actor,
      details: { mailbox, ...details },
      lineage: NO_LINEAGE,
    },
  ]);
}

/**
 * Moves a connected mailbox to `status` with its reason, when it is not there already; logs the
 * change. Returns true when this call changed it (concurrent senders log one event).
 */
export async function setMailboxStatus(
  db: Kysely<DB>,
  clientId: string,
  mailbox: string,
  to: Exclude<MailboxStatus, "disconnected">,
  reason: string | null,
  now: Date,
  o: { pausedUntil?: Date | null; actor?: string | null; details?: Record<string, unknown> } = {},
): Promise<boolean> {
  const until = to === "paused" ? (o.pausedUntil ?? null) : null;
  // a pause that ends later than the current one replaces it; needs_consent is not undone by a pause
  const r = await sql<{ mailbox: string }>`
    update mailbox_connections
       set status = ${to}, status_reason = ${reason?.slice(0, 500) ?? null}, status_since = ${now},
           paused_until = ${until}, updated_at = ${now}
     where client_id = ${clientId} and mailbox = ${mailbox.toLowerCase()} and status <> 'disconnected'
       and (status <> ${to} or (${to} = 'paused' and paused_until is not null
                                and (${until}::timestamptz is null or paused_until < ${until}::timestamptz)))
       and not (status = 'needs_consent' and ${to} = 'paused')
    returning mailbox`.execute(db);
  if (r.rows.length === 0) return false;
  const type: MailboxEventType =
    to === "connected" ? "mailbox_resumed" : to === "paused" ? "mailbox_paused" : "mailbox_needs_consent";
  await logMailboxEvent(
    db,
    clientId,
    mailbox.toLowerCase(),
    type,
    now,
    { reason, ...(until ? { until: until.toISOString() } : {}), ...(o.details ?? {}) },
    o.actor ?? null,
  );
  return true;
}

/**
 * Pauses that end by themselves (Retry-After, a quota's reset) and have ended are resumed, each with
 * its event. Cheap when none is due (the partial condition reads the paused rows only).
 */
export async function resumeEndedPauses(db: Kysely<DB>, clientId: string, now: Date): Promise<string[]> {
  const r = await sql<{ mailbox: string; status_reason: string | null }>`
    update mailbox_connections
       set status = 'connected', status_reason = null, status_since = ${now}, paused_until = null, updated_at = ${now}
     where client_id = ${clientId} and status = 'paused' and paused_until is not null and paused_until <= ${now}
    returning mailbox, status_reason`.execute(db);
  for (const row of r.rows)
    await logMailboxEvent(db, clientId, row.mailbox, "mailbox_resumed", now, { reason: "the pause ended" });
  return r.rows.map((x) => x.mailbox);
}

export { logMailboxEvent };
