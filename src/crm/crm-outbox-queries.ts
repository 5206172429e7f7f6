// Reading and re-queueing the CRM outbox (GET /api/v1/crm/outbox, dead letters).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { keysetPage, type Page, type PageArgs } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { OutboxStatus } from "./tables.ts";

export interface OutboxItem {
  id: number;
  contact_id: string;
  op: string;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
}

/** The outbox newest first, a page at a time (keyset on id), with the counts by status. */
export async function listCrmOutbox(
  db: Kysely<DB>,
  clientId: string,
  q: { status?: OutboxStatus } & PageArgs,
): Promise<Page<OutboxItem> & { counts: Record<OutboxStatus, number> }> {
  let query = db.selectFrom("crm_outbox").selectAll().where("client_id", "=", clientId);
  if (q.status) query = query.where("status", "=", q.status);
  const key = [{ column: "id", kind: "int" }] as const;
  const page = await keysetPage(
    query,
    { list: "crm-outbox", tenant: clientId, key, direction: "desc" },
    q,
    50,
  );
  const rows = page.items;
  const counts = await db
    .selectFrom("crm_outbox")
    .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
    .where("client_id", "=", clientId)
    .groupBy("status")
    .execute();
  const byStatus: Record<OutboxStatus, number> = { pending: 0, done: 0, dead: 0 };
  for (const c of counts) byStatus[c.status] = Number(c.n);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      contact_id: r.contact_id,
      op: r.op,
      payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
      status: r.status,
      attempts: r.attempts,
      next_attempt_at: new Date(r.next_attempt_at).toISOString(),
      last_error: r.last_error,
      created_at: new Date(r.created_at).toISOString(),
      done_at: r.done_at ? new Date(r.done_at).toISOString() : null,
    })),
    next_cursor: page.next_cursor,
    counts: byStatus,
  };
}

/** A dead letter goes back to pending, due now, with a fresh set of attempts. */
export async function retryDeadCrmWrite(db: Kysely<DB>, clientId: string, id: number, now: Date) {
  const r = await db
    .updateTable("crm_outbox")
    .set({ status: "pending", attempts: 0, next_attempt_at: now, locked_by: null, locked_until: null })
    .where("client_id", "=", clientId)
    .where("id", "=", id)
    .where("status", "=", "dead")
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1) return { id, status: "pending" as const };
  const exists = await db
    .selectFrom("crm_outbox")
    .select("status")
    .where("client_id", "=", clientId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!exists) throw new BatonError("NOT_FOUND", { entity: "CRM outbox item", id });
  throw new BatonError("CRM_WRITE_NOT_DEAD", { id, status: exists.status });
}
