// A minimal engine for coordinator-level tests: what src/engine does, reduced to the calls the
// contract prescribes (gateStep → send item → gateSend → sent + recordTouch → advance the step).
import type { Kysely } from "kysely";
import type { Decision } from "../../../src/coordinator/contract.ts";
import { gateStep, requestActivation } from "../../../src/coordinator/index.ts";
import type { DB } from "../../../src/db/database.ts";
import { makeSendItem } from "./fixtures.ts";
import { gateSend, recordTouch } from "./send-one.ts";

const DAY = 24 * 3600_000;

export interface StepResult {
  enrollmentId: string;
  stage: "activation" | "step" | "send";
  decision: Decision;
  sent: boolean;
}

/**
 * Runs one due enrollment through the coordinator in one transaction. Like a real worker, it
 * retries a transaction PostgreSQL aborted as a deadlock or serialization failure (40P01 / 40001):
 * the abort is how the database keeps the caps exact under contention; the retry re-reads the state.
 */
export async function runDue(
  db: Kysely<DB>,
  clientId: string,
  enrollmentId: string,
  now: Date,
): Promise<StepResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runDueOnce(db, clientId, enrollmentId, now);
    } catch (e: any) {
      if (attempt >= 5 || (e?.code !== "40P01" && e?.code !== "40001")) throw e;
    }
  }
}

async function runDueOnce(
  db: Kysely<DB>,
  clientId: string,
  enrollmentId: string,
  now: Date,
): Promise<StepResult> {
  return db.transaction().execute(async (tx) => {
    const e = await tx
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("id", "=", enrollmentId)
      .executeTakeFirstOrThrow();
    if (e.status === "queued") {
      const r = await requestActivation(
        tx,
        {
          clientId,
          contactId: e.contact_id,
          campaignId: e.campaign_id,
          requestedBy: null,
          existingEnrollmentId: e.id,
        },
        now,
      );
      return { enrollmentId, stage: "activation", decision: r.decision, sent: false };
    }
    const step = await gateStep(tx, { clientId, enrollmentId }, now);
    if (step.action !== "allow") return { enrollmentId, stage: "step", decision: step, sent: false };
    const itemId = await makeSendItem(tx, clientId, enrollmentId, now);
    const send = await gateSend(tx, { clientId, sendItemId: itemId }, now);
    if (send.action === "hold") {
      await tx
        .updateTable("sales_send_queue")
        .set({ status: "cancelled" })
        .where("id", "=", itemId)
        .execute();
      await tx
        .updateTable("campaign_contacts")
        .set({ next_send_at: send.until })
        .where("id", "=", enrollmentId)
        .execute();
      return { enrollmentId, stage: "send", decision: send, sent: false };
    }
    if (send.action !== "allow") {
      await tx
        .updateTable("sales_send_queue")
        .set({ status: "cancelled" })
        .where("id", "=", itemId)
        .execute();
      return { enrollmentId, stage: "send", decision: send, sent: false };
    }
    await tx
      .updateTable("sales_send_queue")
      .set({ status: "sent", sent_at: now })
      .where("id", "=", itemId)
      .execute();
    await recordTouch(tx, { clientId, sendItemId: itemId }, now);
    const next = await tx
      .selectFrom("campaign_sequences")
      .select("delay_days")
      .where("campaign_id", "=", e.campaign_id)
      .where("step_number", "=", e.current_step + 1)
      .executeTakeFirst();
    await tx
      .updateTable("campaign_contacts")
      .set(
        next
          ? {
              current_step: e.current_step + 1,
              next_send_at: new Date(now.getTime() + next.delay_days * DAY),
            }
          : { status: "exited", exit_reason: "completed", exited_at: now, next_send_at: null },
      )
      .where("id", "=", enrollmentId)
      .execute();
    return { enrollmentId, stage: "send", decision: send, sent: true };
  });
}

/** Due enrollments of the tenant at `now`. */
export async function dueEnrollments(db: Kysely<DB>, clientId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom("campaign_contacts")
    .select("id")
    .where("client_id", "=", clientId)
    .where("status", "in", ["queued", "active"])
    .where("next_send_at", "<=", now)
    .orderBy("next_send_at")
    .execute();
  return rows.map((r) => r.id);
}
