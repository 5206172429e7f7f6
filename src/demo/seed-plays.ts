// Demo plays in every state, made through the real rules (the same domain functions as the API, so
// the triggers check every step). Idempotent: a play whose name exists in the tenant is not made again.
import type { Principal } from "../auth/principal.ts";
import {
  approvePlay,
  copyRetiredPlay,
  createDraft,
  type DraftInput,
  editPlay,
  pickUpPlay,
  recordRetrospective,
  retirePlay,
  utcDate,
} from "../plays/index.ts";
import type { Seeder } from "./seeder.ts";

type Stage = "draft" | "under_review" | "slm_approved" | "active" | "rejected" | "completed";

interface DemoPlay {
  stage: Stage;
  brain: "agt901" | "agt902";
  draft: Omit<DraftInput, "proposal">;
  edit?: { hypothesis: string };
  copy?: boolean;
}

const cadence = (type: "sales" | "nurture" | "abm", first: string): DraftInput["suggested_cadence"] => ({
  cadence_type: type,
  touches_per_week: 2,
  steps: [
    { day: 0, channel: "email", content_type: "follow_up", instructions: first },
    {
      day: 3,
      channel: "linkedin",
      content_type: "proof",
      instructions: "Share one customer result from the same vertical.",
    },
    {
      day: 7,
      channel: "email",
      content_type: "boss_arming",
      instructions: "Give the champion a one-page case for their manager.",
    },
    {
      day: 12,
      channel: "email",
      content_type: "close",
      instructions: "Ask for a 20-minute call; offer two times.",
    },
  ],
});

const plays: DemoPlay[] = [
  {
    stage: "draft",
    brain: "agt901",
    draft: {
      scope: "segment",
      segment: "commercial_mm",
      name: "Pricing-page revisit, mid-market",
      hypothesis:
        "Mid-market accounts that revisit pricing within 7 days book meetings when a proof point follows within a day.",
      target_definition: { icp_tiers: ["T1", "T2"], intent_signals: ["pricing_page_visit"] },
      suggested_cadence: cadence("sales", "Reference the pricing visit and the plan they looked at."),
      success_criteria: { meeting_rate: 0.12, opp_create_rate: 0.05, evaluation_window_days: 60 },
    },
  },
  {
    stage: "draft",
    brain: "agt902",
    draft: {
      scope: "account_specific",
      account_id: "a0000000-0000-4000-8000-000000000003",
      name: "Initech: plant-expansion angle",
      hypothesis: "Initech's new plant creates a parts-sourcing problem our catalog solves.",
      target_definition: { lifecycle_stages: ["prospect"], verticals: ["manufacturing"] },
      suggested_cadence: cadence("abm", "Open with the plant expansion news."),
      success_criteria: { meeting_rate: 0.2 },
    },
  },
  {
    stage: "under_review",
    brain: "agt901",
    edit: {
      hypothesis:
        "SMB webinar attendees convert when the follow-up lands within 24 hours and names the session.",
    },
    draft: {
      scope: "segment",
      segment: "smb",
      name: "Webinar follow-through, SMB",
      hypothesis: "SMB webinar attendees convert when followed up quickly.",
      target_definition: { icp_tiers: ["T3"], intent_signals: ["webinar_attended"] },
      suggested_cadence: cadence("nurture", "Thank them for attending; link the recording."),
      success_criteria: { meeting_rate: 0.08 },
    },
  },
  {
    stage: "slm_approved",
    brain: "agt901",
    draft: {
      scope: "segment",
      segment: "enterprise_strategic",
      name: "Boss-arming for stalled T1 evaluations",
      hypothesis:
        "Stalled enterprise evaluations restart when the champion can forward a manager-ready summary.",
      target_definition: { icp_tiers: ["T1"], lifecycle_stages: ["evaluation"] },
      suggested_cadence: cadence("sales", "Acknowledge the pause; offer a summary for their manager."),
      success_criteria: { opp_create_rate: 0.1, target_acv: 60000 },
    },
  },
  {
    stage: "active",
    brain: "agt901",
    draft: {
      scope: "segment",
      segment: "commercial_mm",
      name: "Proof-led re-engagement, mid-market",
      hypothesis: "Closed-lost mid-market accounts re-engage on a peer proof point after 90 days.",
      target_definition: { icp_tiers: ["T2"], lifecycle_stages: ["closed_lost"] },
      suggested_cadence: cadence("sales", "Share what a peer achieved since you last spoke."),
      success_criteria: { meeting_rate: 0.1, opp_create_rate: 0.04 },
    },
  },
  {
    stage: "active",
    brain: "agt902",
    draft: {
      scope: "account_specific",
      account_id: "a0000000-0000-4000-8000-000000000001",
      name: "Northwind: peak-season readiness",
      hypothesis:
        "Northwind's peak season planning starts now; a readiness review lands with their eCommerce lead.",
      target_definition: { verticals: ["retail"], intent_signals: ["pricing_page_visit"] },
      suggested_cadence: cadence("abm", "Offer a peak-season readiness review."),
      success_criteria: { meeting_rate: 0.25, target_acv: 40000 },
    },
  },
  {
    stage: "rejected",
    brain: "agt901",
    draft: {
      scope: "segment",
      segment: "smb",
      name: "Cold LinkedIn blitz, SMB",
      hypothesis: "Daily LinkedIn touches raise SMB reply rates.",
      target_definition: { icp_tiers: ["T3"] },
      suggested_cadence: cadence("sales", "Connect and pitch."),
      success_criteria: { meeting_rate: 0.05 },
    },
  },
  {
    stage: "completed",
    brain: "agt901",
    copy: true,
    draft: {
      scope: "segment",
      segment: "enterprise_strategic",
      name: "Distribution vertical intent, enterprise",
      hypothesis: "Enterprise distributors researching automation respond to an ROI benchmark.",
      target_definition: { verticals: ["distribution"], intent_signals: ["automation_research"] },
      suggested_cadence: cadence("sales", "Share the distribution ROI benchmark."),
      success_criteria: { meeting_rate: 0.1, opp_create_rate: 0.05, target_acv: 50000 },
    },
  },
];

/** What a brain would log with its draft: the signals it saw and why it proposes the play. */
function demoProposal(d: DemoPlay["draft"]): Record<string, unknown> {
  const t = d.target_definition as { intent_signals?: string[]; verticals?: string[]; icp_tiers?: string[] };
  const signals = [...(t.intent_signals ?? []), ...(t.verticals ?? []).map((v) => `vertical:${v}`)];
  const where = d.segment ? `segment ${d.segment}` : "the account";
  return {
    demo: true,
    play: d.name,
    rationale: `${d.hypothesis} Proposed from the ${signals.join(", ") || "engagement"} signals seen in ${where} over the last 30 days.`,
    signals,
    scope: d.scope,
    segment: d.segment ?? null,
    success_criteria: d.success_criteria,
  };
}

export const seedPlays: Seeder = async ({ db, clientId, principals, now }) => {
  const p = (k: string): Principal => principals[k];
  const existing = new Set(
    (await db.selectFrom("plays").select("name").where("client_id", "=", clientId).execute()).map(
      (r) => r.name,
    ),
  );
  const end = utcDate(new Date(now.getTime() + 60 * 86_400_000));
  for (const play of plays) {
    if (existing.has(play.draft.name)) continue;
    const d = await createDraft(
      db,
      p(play.brain),
      { ...play.draft, proposal: { payload: demoProposal(play.draft) } },
      now,
    );
    const id = d.play_id;
    if (play.stage === "draft") continue;
    if (play.stage === "rejected") {
      await retirePlay(db, p("revops"), id, "rejected_at_draft", now);
      continue;
    }
    await pickUpPlay(db, p("revops"), id, now);
    if (play.edit) await editPlay(db, p("slm"), id, play.edit, now);
    if (play.stage === "under_review") continue;
    await approvePlay(db, p("slm"), id, {}, now);
    if (play.stage === "slm_approved") continue;
    await approvePlay(db, p("revops"), id, { active_period_end: end }, now);
    if (play.stage === "active") continue;
    await recordRetrospective(
      db,
      p("revops"),
      id,
      { meeting_rate: 0.13, opp_create_rate: 0.04, acv: 52000, period: "demo" },
      now,
    );
    await retirePlay(db, p("revops"), id, "completed", now);
    if (play.copy) await copyRetiredPlay(db, p("revops2"), id, now);
  }
};
