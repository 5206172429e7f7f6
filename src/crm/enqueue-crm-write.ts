// spec 002 "A failed CRM write is retried from an outbox and never blocks or loses the touch":
// the engine and the campaigns enqueue CRM writes INSIDE their own transaction, so a write exists
// if and only if the touch / enrollment / exit committed. The drainer applies them later.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { insertJsonRows, type JsonRowsInsert, TIMESTAMPTZ } from "../db/json-rows.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CrmWrite } from "./crm-adapter.ts";

// one fixed text however many writes (json-rows.ts); ids come back in the rows' order
export const OUTBOX_INSERT: JsonRowsInsert = {
  table: "crm_outbox",
  columns: ["client_id", "contact_id", "op", "payload", "next_attempt_at"],
  types: { contact_id: "uuid", payload: "jsonb", next_attempt_at: TIMESTAMPTZ },
  returning: ["id"],
};

/**
 * Enqueue a CRM write in the caller's transaction (`tx`; on PGlite never pass the outer db from
 * inside a transaction). Writes are applied per contact in enqueue order. Enrollment-keyed writes
 * (update_deal_stage, close_deal) are ordered with their contact's other writes.
 * `now`, when given, is the time it becomes due (a simulated clock); otherwise it is due at once.
 */
export async function enqueueCrmWrite(
  tx: Kysely<DB>,
  clientId: string,
  write: CrmWrite,
  now?: Date,
): Promise<{ outboxId: number }> {
  const [outboxId] = await enqueueCrmWrites(tx, clientId, [write], now);
  return { outboxId };
}

/** Several writes in enqueue order, in two statements at most (the engine's batches). */
export async function enqueueCrmWrites(
  tx: Kysely<DB>,
  clientId: string,
  writes: CrmWrite[],
  now?: Date,
): Promise<number[]> {
  if (writes.length === 0) return [];
  const enrollmentIds = writes.flatMap((w) => ("contactId" in w ? [] : [w.enrollmentId]));
  const contactOf = new Map<string, string>();
  if (enrollmentIds.length > 0) {
    const rows = await tx
      .selectFrom("campaign_contacts")
      .select(["id", "contact_id"])
      .where("client_id", "=", clientId)
      .where("id", "in", [...new Set(enrollmentIds)])
      .execute();
    for (const r of rows) contactOf.set(r.id, r.contact_id);
  }
  const values = writes.map((write) => {
    const contactId = "contactId" in write ? write.contactId : contactOf.get(write.enrollmentId);
    if (!contactId && "enrollmentId" in write)
      throw new BatonError("NOT_FOUND", { entity: "Enrollment", id: write.enrollmentId });
    const { op, ...payload } = write;
    return {
      client_id: clientId,
      contact_id: contactId!,
      op,
      payload,
      next_attempt_at: now ?? new Date(0),
    };
  });
  // ids come back in insert order (a serial column), so "in enqueue order" holds per contact
  const rows = await insertJsonRows<{ id: string }>(OUTBOX_INSERT, values).execute(tx);
  return rows.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}
