// "What would the coordinator decide?" (issue 37 item 2: each prospect action shows the
// coordinator's verdict before a person confirms it). The five gates of spec 001 run on a snapshot
// read exactly as the real call reads it (requestActivations for an activation, gateStep for a
// step), through the same pure decide(); nothing is locked and nothing is written: no enrollment, no
// event row, no notification. The real call may still decide otherwise if something changes in
// between (a touch goes out, an opt-out arrives): the preview is advice, the real call decides.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { requireInBook } from "../books/index.ts";
import type { SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { CoordinatorAction, GateNumber } from "./contract.ts";
import { loadCapConfig } from "./coordinator-config.ts";
import { decideDuplicate } from "./decide-duplicate.ts";
import { decide } from "./gates/decide.ts";
import { isSequenceType } from "./gates/sides.ts";
import { touchesInWindow, touchesOnLocalDay } from "./gates/touch-cap-gate.ts";
import type { DecisionCore, GateSnapshot } from "./gates/types.ts";
import { loadCampaigns } from "./load-campaigns.ts";
import {
  CONTACT_FACT_COLUMNS,
  type ContactFactRow,
  contactFacts,
  loadTouchesOf,
} from "./snapshot/batch-snapshot.ts";
import { factsKey, loadProspectFacts } from "./snapshot/load-prospect-facts.ts";
import { loadLiveEnrollments } from "./snapshot/lock-contact.ts";
import { stepSnapshotQuery, toStepSnapshot } from "./snapshot/step-snapshot.ts";

export interface PreviewInput {
  contactId: string;
  /** an enrollment into this campaign (id or slug): the activation's gates */
  campaign?: string;
  /** this enrollment's current step: the step's gates (what the engine asks when it is due) */
  enrollmentId?: string;
  /** without a campaign: an activation of a sequence of this type (a campaign not named yet) */
  sequenceType?: string;
  /** the channel of the proposed touch; echoed in the facts (the gates do not depend on it) */
  channel?: string;
  /** with enrollmentId: a paused enrollment's step as it would be decided once resumed */
  asResumed?: boolean;
}

/** allow → allowed; hold and queue → queued (it waits until `until`); block → blocked. */
export type Verdict = "allowed" | "queued" | "blocked";

export interface PreviewFacts {
  kind: "activation" | "step";
  sequence_type: SequenceType;
  campaign: string | null;
  enrollment_id: string | null;
  channel: string | null;
  touches_in_window: number;
  weekly_touch_cap: number;
  touches_today: number;
  daily_touch_cap: number;
  time_zone: string;
  opted_out: boolean;
  unsubscribed: boolean;
  icp_tier: string | null;
  abm_active: boolean;
  suppressed: boolean;
  erased: boolean;
  concurrent: { enrollment_id: string; sequence_type: SequenceType; status: string }[];
}

export interface Preview {
  verdict: Verdict;
  action: CoordinatorAction;
  gate: GateNumber | null;
  reason: string | null;
  /** which rule decided (weekly_cap, account_weekly_cap, …); null when allowed */
  resolution: string | null;
  until: Date | null;
  /** every gate that ran, in order; the last one decided */
  trace: { gate: GateNumber; outcome: string; reason: string | null }[];
  facts: PreviewFacts;
}

export function verdictOf(action: CoordinatorAction): Verdict {
  switch (action) {
    case "allow":
      return "allowed";
    case "hold":
    case "queue":
      return "queued";
    case "block":
      return "blocked";
    default: {
      const never: never = action;
      throw new Error(`unexpected action ${String(never)}`);
    }
  }
}

async function readContact(db: Kysely<DB>, clientId: string, contactId: string) {
  if (!isUuid(contactId)) throw new BatonError("NOT_FOUND", { entity: "contact", id: contactId });
  const r = await sql<ContactFactRow>`
    select ${CONTACT_FACT_COLUMNS}
      from contacts c
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where c.client_id = ${clientId} and c.contact_id = ${contactId}::uuid`.execute(db);
  if (r.rows.length === 0) throw new BatonError("NOT_FOUND", { entity: "contact", id: contactId });
  return r.rows[0];
}

async function resolveCampaignId(db: Kysely<DB>, clientId: string, ref: string): Promise<string> {
  const c = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", clientId)
    .where(isUuid(ref) ? "id" : "slug", "=", ref)
    .executeTakeFirst();
  if (!c) throw new BatonError("NOT_FOUND", { entity: "campaign", id: ref });
  return c.id;
}

/** The snapshot of a step decision, read as gateStep reads it (its one-statement snapshot). */
async function stepSnapshot(
  db: Kysely<DB>,
  clientId: string,
  input: PreviewInput & { enrollmentId: string },
  now: Date,
): Promise<{ snapshot: GateSnapshot; slug: string }> {
  if (!isUuid(input.enrollmentId))
    throw new BatonError("NOT_FOUND", { entity: "enrollment", id: input.enrollmentId });
  const owner = await db
    .selectFrom("campaign_contacts as e")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .select(["e.contact_id", "c.slug"])
    .where("e.client_id", "=", clientId)
    .where("e.id", "=", input.enrollmentId)
    .executeTakeFirst();
  if (!owner || owner.contact_id !== input.contactId) {
    throw new BatonError("NOT_FOUND", { entity: "enrollment", id: input.enrollmentId });
  }
  const row = await readContact(db, clientId, input.contactId);
  const snap = toStepSnapshot(
    (await db.executeQuery(stepSnapshotQuery(db, clientId, input.enrollmentId, now))).rows,
    input.enrollmentId,
  );
  const e = snap.enrollment;
  return {
    slug: owner.slug,
    snapshot: {
      sequenceType: e.sequence_type,
      ...contactFacts(row),
      touches: snap.touches,
      config: snap.config,
      concurrent: snap.live
        .filter((x) => x.id !== e.id)
        .map((x) => ({ enrollmentId: x.id, sequenceType: x.sequenceType, status: x.status })),
      transition: {
        kind: "step",
        status: input.asResumed && e.status === "paused" ? "active" : e.status,
        currentStep: e.current_step,
        stepCount: e.step_count,
      },
      prospect: snap.prospect,
      sendWindow: snap.sendWindow,
    },
  };
}

/** The snapshot of an activation, read as requestActivations reads it (without its locks). */
async function activationSnapshot(
  db: Kysely<DB>,
  clientId: string,
  input: PreviewInput,
  now: Date,
): Promise<{ snapshot: GateSnapshot; slug: string | null }> {
  let campaign = null;
  if (input.campaign) {
    const id = await resolveCampaignId(db, clientId, input.campaign);
    campaign = (await loadCampaigns(db, clientId, [id])).get(id)!;
    if (input.sequenceType && input.sequenceType !== campaign.kind) {
      throw new BatonError("SEQUENCE_TYPE_MISMATCH", {
        campaign: campaign.slug,
        kind: campaign.kind,
        sequence_type: input.sequenceType,
      });
    }
  }
  const sequenceType = (campaign?.kind ?? input.sequenceType) as SequenceType;
  const row = await readContact(db, clientId, input.contactId);
  const touches = (await loadTouchesOf(db, clientId, [input.contactId], now)).get(input.contactId) ?? [];
  const live = await loadLiveEnrollments(db, clientId, input.contactId);
  const prospects = await loadProspectFacts(db, clientId, [
    { contactId: input.contactId, campaignId: campaign?.id ?? null },
  ]);
  return {
    slug: campaign?.slug ?? null,
    snapshot: {
      sequenceType,
      ...contactFacts(row),
      touches,
      config: await loadCapConfig(db, clientId),
      concurrent: live.map((x) => ({ enrollmentId: x.id, sequenceType: x.sequenceType, status: x.status })),
      transition: {
        kind: "activation",
        existingStatus: null,
        // a campaign not named yet: as an active one with steps, so only the other gates speak
        campaignStatus: campaign?.status ?? "active",
        stepCount: campaign?.step_count ?? 1,
        alreadyEnrolled: campaign ? live.some((x) => x.campaignId === campaign.id) : false,
      },
      prospect: prospects.get(factsKey(input.contactId, campaign?.id ?? null)),
    },
  };
}

/**
 * The coordinator's verdict on a proposed activation (campaign or sequence type) or on an
 * enrollment's current step, for the caller's tenant. Any principal of the tenant may ask about a
 * prospect of its book: it reads what the prospect page already shows, and writes nothing.
 */
export async function previewDecision(
  db: Kysely<DB>,
  actor: Principal,
  input: PreviewInput,
  now: Date,
): Promise<Preview> {
  const clientId = actor.clientId;
  if (input.sequenceType !== undefined && !isSequenceType(input.sequenceType)) {
    throw new BatonError("UNKNOWN_SEQUENCE_TYPE", { sequence_type: input.sequenceType });
  }
  if (!input.enrollmentId && !input.campaign && !input.sequenceType) {
    throw new BatonError("PREVIEW_TARGET_MISSING", {});
  }
  // issue 61 item 2: a prospect outside the actor's book is not found, as another workspace's
  if (isUuid(input.contactId)) await requireInBook(db, actor, input.contactId);
  let snapshot: GateSnapshot;
  let campaign: string | null = null;
  let d: DecisionCore;
  if (input.enrollmentId) {
    const s = await stepSnapshot(db, clientId, { ...input, enrollmentId: input.enrollmentId }, now);
    snapshot = s.snapshot;
    campaign = s.slug;
    d = decide(snapshot, now);
  } else {
    const s = await activationSnapshot(db, clientId, input, now);
    snapshot = s.snapshot;
    campaign = s.slug;
    // as requestActivations: a duplicate is refused by gate 5 before the other gates
    const t = snapshot.transition;
    d = t.kind === "activation" && t.alreadyEnrolled ? decideDuplicate(snapshot, now) : decide(snapshot, now);
  }
  const p = snapshot.prospect;
  return {
    verdict: verdictOf(d.action),
    action: d.action,
    gate: d.gate,
    reason: d.reason,
    resolution: d.action === "allow" ? null : d.resolution,
    until: d.until,
    trace: d.trace.map((o) => ({ gate: o.gate, outcome: o.outcome, reason: o.reason })),
    facts: {
      kind: snapshot.transition.kind === "step" ? "step" : "activation",
      sequence_type: snapshot.sequenceType,
      campaign,
      enrollment_id: input.enrollmentId ?? null,
      channel: input.channel ?? null,
      touches_in_window: touchesInWindow(snapshot.touches, now),
      weekly_touch_cap: snapshot.config.weeklyTouchCap,
      touches_today: touchesOnLocalDay(snapshot.touches, now, snapshot.contact.timeZone),
      daily_touch_cap: snapshot.config.dailyTouchCap,
      time_zone: snapshot.contact.timeZone,
      opted_out: snapshot.contact.optOutFlag,
      unsubscribed: snapshot.contact.unsubscribeFlag,
      icp_tier: snapshot.account?.icpTier ?? null,
      abm_active: snapshot.account?.abmActive === true,
      suppressed: p?.suppression != null,
      erased: p?.erased === true,
      concurrent: snapshot.concurrent.map((c) => ({
        enrollment_id: c.enrollmentId,
        sequence_type: c.sequenceType,
        status: c.status,
      })),
    },
  };
}
