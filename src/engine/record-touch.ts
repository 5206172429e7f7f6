// A touch (spec 001): a sent email or a completed manual task. The coordinator records it (caps
// count it), and the CRM outbox gets the activity and the deal's stage (spec 002 "Attio writes"),
// all in the caller's transaction so a CRM failure never loses or blocks the touch.
import type { Kysely } from "kysely";
import type { ChannelName } from "../channels/contract.ts";
import { recordTouchesBatch } from "../coordinator/index.ts";
import type { CrmWrite, DealStage } from "../crm/crm-adapter.ts";
import type { DB } from "../db/database.ts";
import type { EngineDeps } from "./engine-deps.ts";

/** spec 002 "update deal stage at each phase transition": which step content moves the deal. */
export function dealStageFor(contentType: string, stepNumber: number): DealStage | null {
  if (contentType === "close") return "proposal";
  if (stepNumber === 1) return "engaged";
  return null;
}

/** Records the touches of send items (in order) with their CRM writes: a fixed number of statements. */
export async function recordTouches(
  deps: Pick<EngineDeps, "enqueueCrmWrites">,
  tx: Kysely<DB>,
  clientId: string,
  sendItemIds: string[],
  now: Date,
  lockedContactIds?: string[],
  endingEnrollmentIds?: ReadonlySet<string>,
  /** What the caller holds in memory (the engine's step): nothing of it is read again. */
  known?: KnownTouches,
): Promise<void> {
  if (sendItemIds.length === 0) return;
  await recordTouchesBatch(
    tx,
    { clientId, sendItemIds, lockedContactIds, endingEnrollmentIds, known: known?.touches },
    now,
  );
  const rows = known?.crm ?? (await crmFacts(tx, clientId, sendItemIds));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const writes: CrmWrite[] = [];
  for (const id of sendItemIds) {
    const it = byId.get(id);
    if (!it) continue;
    writes.push({
      op: "log_activity",
      contactId: it.contact_id,
      channel: it.channel,
      contentType: it.content_type,
      occurredAt: now.toISOString(),
      note: `${it.slug} step ${it.step_number} (${it.content_type}) via ${it.channel}`,
    });
    const stage = it.kind === "sales" ? dealStageFor(it.content_type, it.step_number) : null;
    if (stage) writes.push({ op: "update_deal_stage", enrollmentId: it.enrollment_id, stage });
  }
  await deps.enqueueCrmWrites(tx, clientId, writes);
}

/** What a touch's CRM writes say of its send item, its step and its campaign. */
export type CrmTouchFacts = {
  id: string;
  contact_id: string;
  enrollment_id: string;
  channel: ChannelName;
  step_number: number;
  content_type: string;
  slug: string;
  kind: string;
};

export interface KnownTouches {
  touches: NonNullable<Parameters<typeof recordTouchesBatch>[1]["known"]>;
  crm: readonly CrmTouchFacts[];
}

function crmFacts(tx: Kysely<DB>, clientId: string, sendItemIds: string[]): Promise<CrmTouchFacts[]> {
  return tx
    .selectFrom("sales_send_queue as q")
    .innerJoin("campaign_sequences as s", (j) =>
      j
        .onRef("s.client_id", "=", "q.client_id")
        .onRef("s.campaign_id", "=", "q.campaign_id")
        .onRef("s.step_number", "=", "q.step_number"),
    )
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "q.client_id").onRef("c.id", "=", "q.campaign_id"),
    )
    .select([
      "q.id",
      "q.contact_id",
      "q.enrollment_id",
      "q.channel",
      "q.step_number",
      "s.content_type",
      "c.slug",
      "c.kind",
    ])
    .where("q.client_id", "=", clientId)
    .where("q.id", "in", sendItemIds)
    .execute();
}
