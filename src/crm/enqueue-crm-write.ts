// spec 002 "A failed CRM write is retried from an outbox and never blocks or loses the touch":
// the engine and the campaigns enqueue CRM writes INSIDE their own transaction, so a write exists
// if and only if the touch / enrollment / exit committed. The drainer applies them later.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CrmWrite } from "./crm-adapter.ts";

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
  let contactId: string;
  if ("contactId" in write) {
    contactId = write.contactId;
  } else {
    const enrollment = await tx
      .selectFrom("campaign_contacts")
      .select("contact_id")
      .where("client_id", "=", clientId)
      .where("id", "=", write.enrollmentId)
      .executeTakeFirst();
    if (!enrollment) throw new BatonError("NOT_FOUND", { entity: "Enrollment", id: write.enrollmentId });
    contactId = enrollment.contact_id;
  }
  const { op, ...payload } = write;
  const row = await tx
    .insertInto("crm_outbox")
    .values({
      client_id: clientId,
      contact_id: contactId,
      op,
      payload: JSON.stringify(payload),
      next_attempt_at: now ?? new Date(0),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { outboxId: Number(row.id) };
}
