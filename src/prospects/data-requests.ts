// Data-protection requests made in a reply (issue 72 item 3): "where did you get my address? delete
// it" (erasure, GDPR art. 17), "what data do you hold on me" (access, art. 15). Reply processing
// stops every touch at once (campaigns/process-reply.ts); the request itself is for a person: it is
// opened here with its legal deadline (art. 12(3): one month from receipt), listed for RevOps, and
// closed by them once erased (the erasure route), answered or refused. Each opening and closing is an
// event on the person's timeline. No free text is kept: the reply that asked is its own row.
import { type Kysely, sql } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";
import { ERASER_ROLES } from "./erase-contact.ts";

export const DATA_REQUEST_OUTCOMES = ["erased", "answered", "refused"] as const;
export type DataRequestOutcome = (typeof DATA_REQUEST_OUTCOMES)[number];

/** GDPR art. 12(3): one month from receipt (the same day of the next month, or its last day). */
export function dataRequestDueAt(receivedAt: Date): Date {
  const d = new Date(receivedAt.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + 1);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export interface DataRequestView {
  id: string;
  contact_id: string;
  kind: "erasure" | "access";
  status: "open" | DataRequestOutcome;
  reply_id: string | null;
  received_at: string;
  due_at: string;
  created_at: string;
  closed_at: string | null;
  closed_by_principal_id: string | null;
}

/** Opens the request in the caller's transaction (the contact locked); one per reply. */
export async function openDataRequest(
  tx: Kysely<DB>,
  a: {
    clientId: string;
    contactId: string;
    kind: "erasure" | "access";
    replyId: string | null;
    receivedAt: Date;
    actorPrincipalId: string | null;
  },
  now: Date,
): Promise<{ id: string; due_at: string } | null> {
  const due = dataRequestDueAt(a.receivedAt);
  const row = await tx
    .insertInto("data_requests")
    .values({
      client_id: a.clientId,
      contact_id: a.contactId,
      kind: a.kind,
      reply_id: a.replyId,
      received_at: a.receivedAt,
      due_at: due,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(["client_id", "reply_id"]).where("reply_id", "is not", null).doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!row) return null;
  const account = await sql<{ account_id: string | null }>`
    select account_id from contacts where client_id = ${a.clientId} and contact_id = ${a.contactId}::uuid`.execute(
    tx,
  );
  await appendEvents(tx, [
    {
      client_id: a.clientId,
      occurred_at: now,
      contact_id: a.contactId,
      account_id: account.rows[0]?.account_id ?? null,
      event_type: "data_request_opened",
      resolution: a.kind,
      actor_principal_id: a.actorPrincipalId,
      lineage: NO_LINEAGE,
      details: { data_request_id: row.id, kind: a.kind, due_at: due.toISOString(), reply_id: a.replyId },
    },
  ]);
  return { id: row.id, due_at: due.toISOString() };
}

function view(r: {
  id: string;
  contact_id: string;
  kind: "erasure" | "access";
  status: "open" | DataRequestOutcome;
  reply_id: string | null;
  received_at: Date;
  due_at: Date;
  created_at: Date;
  closed_at: Date | null;
  closed_by_principal_id: string | null;
}): DataRequestView {
  const iso = (d: Date) => new Date(d).toISOString();
  return {
    id: r.id,
    contact_id: r.contact_id,
    kind: r.kind,
    status: r.status,
    reply_id: r.reply_id,
    received_at: iso(r.received_at),
    due_at: iso(r.due_at),
    created_at: iso(r.created_at),
    closed_at: r.closed_at ? iso(r.closed_at) : null,
    closed_by_principal_id: r.closed_by_principal_id,
  };
}

/** The tenant's requests, the open ones first by deadline (RevOps and admins: they erase). */
export async function listDataRequests(
  db: Kysely<DB>,
  actor: Principal,
  q: { status?: "open" | "closed"; contactId?: string } = {},
): Promise<DataRequestView[]> {
  requireRole(actor, "read the data-protection requests", ...ERASER_ROLES);
  let s = db.selectFrom("data_requests").selectAll().where("client_id", "=", actor.clientId);
  if (q.status === "open") s = s.where("status", "=", "open");
  if (q.status === "closed") s = s.where("status", "<>", "open");
  if (q.contactId) {
    if (!isUuid(q.contactId)) return [];
    s = s.where("contact_id", "=", q.contactId);
  }
  const rows = await s
    .orderBy(sql`status = 'open'`, "desc")
    .orderBy("due_at")
    .orderBy("id")
    .limit(500)
    .execute();
  return rows.map(view);
}

/** Closes an open request with what was done; an event on the person's timeline. */
export async function closeDataRequest(
  db: Kysely<DB>,
  actor: Principal,
  id: string,
  outcome: DataRequestOutcome,
  now: Date,
): Promise<DataRequestView> {
  requireRole(actor, "close a data-protection request", ...ERASER_ROLES);
  if (!isUuid(id)) throw new BatonError("DATA_REQUEST_NOT_FOUND", { id });
  return db.transaction().execute(async (tx) => {
    const r = await tx
      .selectFrom("data_requests")
      .selectAll()
      .where("client_id", "=", actor.clientId)
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw new BatonError("DATA_REQUEST_NOT_FOUND", { id });
    if (r.status !== "open")
      throw new BatonError("DATA_REQUEST_CLOSED", { id, status: r.status, closed_at: r.closed_at });
    const closed = await tx
      .updateTable("data_requests")
      .set({ status: outcome, closed_at: now, closed_by_principal_id: actor.principalId })
      .where("client_id", "=", actor.clientId)
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendEvents(tx, [
      {
        client_id: actor.clientId,
        occurred_at: now,
        contact_id: r.contact_id,
        event_type: "data_request_closed",
        resolution: outcome,
        actor_principal_id: actor.principalId,
        lineage: NO_LINEAGE,
        details: {
          data_request_id: id,
          kind: r.kind,
          due_at: new Date(r.due_at).toISOString(),
          late: now > r.due_at,
        },
      },
    ]);
    return view(closed);
  });
}
