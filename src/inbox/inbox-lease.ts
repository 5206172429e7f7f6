// Each mailbox is read by exactly one worker at a time: a lease like the engine's claims
// (src/engine/claims.ts). A worker takes mailboxes whose lease ended with FOR UPDATE SKIP LOCKED,
// renews its leases while connected, and gives them back when it stops. A worker that dies keeps
// its mailboxes only until claimed_until; the next worker resumes from the stored cursor.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

export interface ClaimedInbox {
  client_id: string;
  id: string;
}

export async function claimInboxes(
  db: Kysely<DB>,
  workerId: string,
  max: number,
  leaseMs: number,
  now: Date,
  /** only these tenants' mailboxes (a worker per tenant group; tests); undefined: all */
  clientIds?: string[],
): Promise<ClaimedInbox[]> {
  if (max <= 0) return [];
  const until = new Date(now.getTime() + leaseMs);
  const r = await sql<ClaimedInbox>`
    update mailbox_inboxes m set claimed_by = ${workerId}, claimed_until = ${until}
     where (m.client_id, m.id) in (
       select client_id, id from mailbox_inboxes
        where status <> 'paused' and (claimed_until is null or claimed_until < ${now})
          and (${clientIds ?? null}::text[] is null or client_id = any(${clientIds ?? null}::text[]))
        order by claimed_until nulls first
        limit ${max}
        for update skip locked)
    returning m.client_id, m.id`.execute(db);
  return r.rows;
}

/** Extends this worker's lease; false when it lost the mailbox (lease ended and taken, or paused). */
export async function renewInboxLease(
  db: Kysely<DB>,
  inbox: ClaimedInbox,
  workerId: string,
  leaseMs: number,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable("mailbox_inboxes")
    .set({ claimed_until: new Date(now.getTime() + leaseMs) })
    .where("client_id", "=", inbox.client_id)
    .where("id", "=", inbox.id)
    .where("claimed_by", "=", workerId)
    .where("status", "<>", "paused")
    .returning("id")
    .execute();
  return r.length === 1;
}

export async function releaseInbox(db: Kysely<DB>, inbox: ClaimedInbox, workerId: string): Promise<void> {
  await db
    .updateTable("mailbox_inboxes")
    .set({ claimed_by: null, claimed_until: null })
    .where("client_id", "=", inbox.client_id)
    .where("id", "=", inbox.id)
    .where("claimed_by", "=", workerId)
    .execute();
}

/** Claims one given mailbox if no worker holds it (a one-off sync); null when it is held or paused. */
export async function claimInboxById(
  db: Kysely<DB>,
  clientId: string,
  id: string,
  workerId: string,
  leaseMs: number,
  now: Date,
): Promise<ClaimedInbox | null> {
  const r = await sql<ClaimedInbox>`
    update mailbox_inboxes set claimed_by = ${workerId}, claimed_until = ${new Date(now.getTime() + leaseMs)}
     where client_id = ${clientId} and id = ${id}::uuid and status <> 'paused'
       and (claimed_until is null or claimed_until < ${now} or claimed_by = ${workerId})
    returning client_id, id`.execute(db);
  return r.rows[0] ?? null;
}
