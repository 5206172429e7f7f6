// Each mailbox is read by exactly one worker at a time: a lease like the engine's claims
// (src/engine/claims.ts). A worker takes mailboxes whose lease ended with FOR UPDATE SKIP LOCKED, a
// tenant at a time (src/db/tenant-claims.ts: on Citus a FOR UPDATE runs only routed to one tenant),
// renews its leases while connected, and gives them back when it stops. A worker that dies keeps
// its mailboxes only until claimed_until; the next worker resumes from the stored cursor.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { claimAcrossTenants, dueTenants } from "../db/tenant-claims.ts";

export interface ClaimedInbox {
  client_id: string;
  id: string;
}

/** The SQL condition the claim adds: an IMAP row, or a connected mailbox that may be read now. */
// The tenant is named by value when the caller knows it (the claim): Citus plans the claim's
// FOR UPDATE subquery alone and refuses a correlated tenant there ("could not run distributed query
// with FOR UPDATE/SHARE commands", found by the Citus suite: reply-effects-e2e).
export const readableInboxCondition = (alias: string, clientId?: string) =>
  sql`(${sql.ref(`${alias}.auth_kind`)} in ('password', 'xoauth2') or exists (
        select 1 from mailbox_connections c
         where c.client_id = ${clientId === undefined ? sql.ref(`${alias}.client_id`) : sql`${clientId}::text`} and c.mailbox = ${sql.ref(`${alias}.mailbox`)}
           and c.provider in ('google', 'microsoft') and c.can_read and c.status in ('connected', 'paused')))`;

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
  // the tenants with a free mailbox, the longest free first (read-only), then a claim per tenant
  const tenants = await dueTenants(
    db,
    sql<{ client_id: string }>`
      select client_id from mailbox_inboxes
       where status <> 'paused' and (claimed_until is null or claimed_until < ${now})
         and ${readableInboxCondition("mailbox_inboxes")}
         and (${clientIds ?? null}::text[] is null or client_id = any(${clientIds ?? null}::text[]))
       group by client_id
       order by min(coalesce(claimed_until, '-infinity'::timestamptz)), client_id
       limit ${max}`,
  );
  return claimAcrossTenants(tenants, max, async (clientId, n) => {
    const r = await sql<ClaimedInbox>`
      update mailbox_inboxes m set claimed_by = ${workerId}, claimed_until = ${until}
       where m.client_id = ${clientId} and m.id in (
         select id from mailbox_inboxes
          where client_id = ${clientId} and status <> 'paused'
            and (claimed_until is null or claimed_until < ${now})
            and ${readableInboxCondition("mailbox_inboxes", clientId)}
          order by claimed_until nulls first, id
          limit ${n}
          for update skip locked)
      returning m.client_id, m.id`.execute(db);
    return r.rows;
  });
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
