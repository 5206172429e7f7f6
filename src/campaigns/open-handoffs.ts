// spec 002 pipeline: "meeting_booked task dispatched to roles.exec (Justin)". An exit whose on_exit
// target is a gate opens a hand-off for the exec, with its event. One exit's (exitContact's
// followOnExit) and a batch's (exitContactsBatch: every gated exit of the batch in one insert of
// hand-offs and one of events) are the same write.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { type EnrollmentFacts, logCampaignEvents } from "./log-event.ts";

/** An exit that opens a hand-off: the enrollment ended, its campaign, why, and the gate's role. */
export interface GatedExit {
  enrollment: EnrollmentFacts & { goal: string | null; notes: string | null };
  campaignSlug: string;
  reason: string;
  gate: "exec";
}

/** The hand-offs of these exits (one per exit, in order) and their events; each one's id. */
export async function openHandoffs(
  tx: Kysely<DB>,
  exits: readonly GatedExit[],
  now: Date,
): Promise<{ kind: "handoff"; handoff_id: string; gate: "exec" }[]> {
  if (exits.length === 0) return [];
  const rows = await tx
    .insertInto("campaign_handoffs")
    .values(
      exits.map(({ enrollment: e, reason, gate }) => ({
        client_id: e.client_id,
        contact_id: e.contact_id,
        from_enrollment_id: e.id,
        from_campaign_id: e.campaign_id,
        exit_reason: reason,
        gate_role: gate,
        created_at: now,
        goal: e.goal,
        notes: e.notes,
      })),
    )
    .returning(["id", "from_enrollment_id"])
    .execute();
  // an enrollment ends once, so its hand-off is found by it (whatever order the rows come back in)
  const idOf = new Map(rows.map((r) => [r.from_enrollment_id, r.id]));
  const opened = exits.map((x) => ({ x, id: idOf.get(x.enrollment.id)! }));
  await logCampaignEvents(
    tx,
    opened.map(({ x, id }) => ({
      clientId: x.enrollment.client_id,
      contactId: x.enrollment.contact_id,
      enrollment: x.enrollment,
      type: "handoff_created",
      resolution: x.reason,
      details: { handoff_id: id, gate: x.gate, from: x.campaignSlug },
    })),
    now,
  );
  return opened.map(({ x, id }) => ({ kind: "handoff", handoff_id: id, gate: x.gate }));
}
