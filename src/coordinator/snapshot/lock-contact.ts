// Check twice (STYLE.md): every coordinator function first locks the contact row — the row that
// serializes every decision about one prospect — and only then reads what it counts.
// Lock order everywhere: contact, then its enrollments, then its send items.
import { type CompiledQuery, type Expression, type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { AccountFacts, ContactFacts } from "../gates/types.ts";
import { touchWindowStart } from "../touch-window.ts";
import { type ContactFactRow, contactFacts, unsettledSends } from "./batch-snapshot.ts";
import { executePrepared, preparedTemplate } from "./prepared.ts";

export interface LockedContact extends ContactFacts {
  contactId: string;
  accountId: string | null;
  activeSequenceId: string | null;
  account: AccountFacts | null;
}

export type ContactRow = ContactFactRow & { contact_id: string; active_sequence_id: string | null };

function toLocked(r: ContactRow): LockedContact {
  const { contact, account } = contactFacts(r);
  return {
    contactId: r.contact_id,
    accountId: r.account_id,
    activeSequenceId: r.active_sequence_id,
    ...contact,
    account,
  };
}

/** Locks the contact (FOR UPDATE) and reads its flags, zone, signals and account. 404 when unknown. */
export async function lockContact(
  tx: Kysely<DB>,
  clientId: string,
  contactId: string,
): Promise<LockedContact> {
  const rows = await executePrepared(
    tx,
    "lock_contact",
    sql<ContactRow>`
    select c.contact_id, c.account_id, c.unsubscribe_flag, c.opt_out_flag,
           coalesce(c.time_zone, a.time_zone, 'UTC') as time_zone,
           c.last_sales_signal_at, c.last_marketing_signal_at, c.active_sequence_id,
           a.icp_tier, a.abm_active
      from contacts c
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where c.client_id = ${clientId} and c.contact_id = ${contactId}::uuid
       for update of c`,
  );
  if (rows.length === 0) throw new BatonError("NOT_FOUND", { entity: "contact", id: contactId });
  return toLocked(rows[0]);
}

type LockTarget = { enrollmentId: string };

const lockContactOfSql = (db: Kysely<DB>, clientId: string, owner: RawBuilder<unknown>) =>
  sql<ContactRow>`
    select c.contact_id, c.account_id, c.unsubscribe_flag, c.opt_out_flag,
           coalesce(c.time_zone, a.time_zone, 'UTC') as time_zone,
           c.last_sales_signal_at, c.last_marketing_signal_at, c.active_sequence_id,
           a.icp_tier, a.abm_active
      from contacts c
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where c.client_id = ${clientId} and c.contact_id = ${owner}
       for update of c`.compile(db);

const lockOfEnrollment = preparedTemplate("lock_contact_of", (db, p: { clientId: string; id: string }) =>
  lockContactOfSql(
    db,
    p.clientId,
    sql`(select contact_id from campaign_contacts where client_id = ${p.clientId} and id = ${p.id}::uuid)`,
  ),
);

/** The lock of an enrollment's contact in one statement (gateStep sends it with its snapshot in one round trip, pipelined-driver.ts). */
export function lockContactOfQuery(
  tx: Kysely<DB>,
  clientId: string,
  of: LockTarget,
): CompiledQuery<ContactRow> {
  return lockOfEnrollment(tx, { clientId, id: of.enrollmentId });
}

/** The locked contact from lockContactOfQuery's rows; 404 (entity named) when there is none. */
export function lockedContactOf(rows: ContactRow[], of: LockTarget): LockedContact {
  if (rows.length === 0) {
    throw new BatonError("NOT_FOUND", { entity: "enrollment", id: of.enrollmentId });
  }
  return toLocked(rows[0]);
}

/** A contact: its id, or a scalar subquery giving it (a statement sent before the lock's answer). */
export type ContactRef = string | Expression<string>;

/**
 * The query gate 3 runs per contact (bench/growth.ts explains this very statement): the contact's
 * touches, and its sends that may have gone out with no touch recorded yet (batch-snapshot.ts
 * unsettledSends). `exceptKey`: the idempotency key of the send being decided or recorded, whose own
 * ledger row is not a touch before itself.
 */
export function touchesQuery(
  tx: Kysely<DB>,
  clientId: string,
  contactId: ContactRef,
  now: Date,
  since: Date = touchWindowStart(now),
  exceptKey: string | Expression<string> | null = null,
) {
  // 'touch' is a literal, not a parameter: this statement runs named (step-snapshot.ts), and a generic
  // plan can use the partial cadence_event_log_touch_idx (where event_type = 'touch') only when the
  // statement's own text implies its predicate
  const touches = tx
    .selectFrom("cadence_event_log")
    .select("occurred_at")
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where("event_type", "=", sql.lit("touch"))
    .where("occurred_at", ">", since)
    .where("occurred_at", "<=", now)
    .where((eb) => eb.or([eb("sequence_type", "is", null), eb("sequence_type", "<>", "transactional")]));
  const unsettled = unsettledSends(
    clientId,
    contactId,
    since,
    now,
    sql<boolean>`d.idempotency_key is distinct from ${exceptKey}::text`,
  );
  return touches.unionAll(unsettled);
}

/**
 * Touch times of the contact in (now - 7d, now] that gate 3 counts (touchesQuery): `exceptKey`, the
 * send being decided or recorded.
 */
export async function loadTouches(
  tx: Kysely<DB>,
  clientId: string,
  contactId: string,
  now: Date,
  exceptKey: string | null = null,
): Promise<Date[]> {
  const rows = await touchesQuery(tx, clientId, contactId, now, touchWindowStart(now), exceptKey).execute();
  return rows.map((r) => r.occurred_at);
}

export interface LiveEnrollment {
  id: string;
  campaignId: string;
  sequenceType: import("../../db/core-tables.ts").SequenceType;
  status: import("../../db/core-tables.ts").EnrollmentStatus;
}

/** The contact's live enrollments (queued, active, paused) for gate 4 and gate 5. */
export async function loadLiveEnrollments(
  tx: Kysely<DB>,
  clientId: string,
  contactId: string,
): Promise<LiveEnrollment[]> {
  return (await liveEnrollmentsQuery(tx, clientId, contactId).execute()).map(toLiveEnrollment);
}

/** The statement of loadLiveEnrollments (gateStep embeds it in its one-statement snapshot). */
export function liveEnrollmentsQuery(tx: Kysely<DB>, clientId: string, contactId: ContactRef) {
  return tx
    .selectFrom("campaign_contacts")
    .select(["id", "campaign_id", "sequence_type", "status"])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where("status", "in", ["queued", "active", "paused"]);
}

export function toLiveEnrollment(r: {
  id: string;
  campaign_id: string;
  sequence_type: LiveEnrollment["sequenceType"];
  status: LiveEnrollment["status"];
}): LiveEnrollment {
  return { id: r.id, campaignId: r.campaign_id, sequenceType: r.sequence_type, status: r.status };
}
