// The campaigns the simulation runs: spec 002's b2bea_membership_close (8 steps exactly), its BDR
// feeder with the exec hand-off gate, the member onboarding it converts into, and a marketing
// event campaign running at the same time so the caps (1 a day, 3 in 7 days) interact.

import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { createCampaign } from "../campaigns/index.ts";
import type { ChannelName } from "../channels/contract.ts";
import type { DB } from "../db/database.ts";

type Step = [number, number, ChannelName, string, string];

export const B2BEA_CLOSE_STEPS: Step[] = [
  [
    1,
    0,
    "email",
    "follow_up",
    "Personal follow-up same day as meeting. Reference what they said specifically. Grant pre-sale access to B2BEA site + training content.",
  ],
  [
    2,
    3,
    "email",
    "proof",
    "Goal-specific proof asset (awareness: LinkedIn post; credibility: report mock-up; pipeline: ICP overlap; marketing relief: 90-day content calendar).",
  ],
  [
    3,
    7,
    "email",
    "boss_arming",
    "Internal case kit: ROI framing, peer proof, deliverables list. Written so they can forward it to their boss.",
  ],
  [4, 10, "linkedin", "follow_up", "Warm touch. Different angle. About them personally, not B2BEA."],
  [
    5,
    14,
    "email",
    "campaign_visibility",
    "Upcoming B2BEA reports + who's already confirmed. FOMO is information, not pressure.",
  ],
  [
    6,
    21,
    "email",
    "personal_visibility",
    "Career upside angle: we'd put YOU on video. Address the marketing lead specifically.",
  ],
  [
    7,
    35,
    "email",
    "close",
    "Let's turn this on fully. Natural continuation, not a transaction. Flag the exec to send personally.",
  ],
  [8, 56, "email", "exit", "60-day exit. One final frame of what they're stepping away from."],
];

const steps = (list: Step[]) =>
  list.map(([step_number, delay_days, channel, content_type, template_instructions]) => ({
    step_number,
    delay_days,
    channel,
    content_type,
    template_instructions,
  }));

export async function defineSimulationCampaigns(db: Kysely<DB>, revops: Principal, now: Date): Promise<void> {
  await createCampaign(
    db,
    revops,
    {
      slug: "b2bea_membership_cs",
      name: "B2BEA member onboarding",
      type: "onboarding",
      owner_role: "roles.cs",
      kind: "nurture",
      approval_policy: "auto_send",
      steps: steps([
        [1, 0, "email", "follow_up", "Welcome and first steps."],
        [2, 7, "email", "campaign_visibility", "What members get this month."],
      ]),
    },
    now,
  );
  await createCampaign(
    db,
    revops,
    {
      slug: "b2bea_membership_close",
      name: "B2BEA membership close",
      type: "membership",
      owner_role: "roles.sales",
      kind: "sales",
      on_exit: { converted: "b2bea_membership_cs", no_engagement: null, rejected: null },
      steps: steps(B2BEA_CLOSE_STEPS),
    },
    now,
  );
  await createCampaign(
    db,
    revops,
    {
      slug: "b2bea_membership",
      name: "B2BEA vendor membership outreach",
      type: "membership",
      owner_role: "roles.bdr",
      kind: "sales",
      on_exit: {
        meeting: { gate: "exec" },
        converted: { gate: "exec" },
        no_engagement: null,
        rejected: null,
      },
      steps: steps([
        [1, 0, "email", "follow_up", "Intro: why B2BEA membership fits them."],
        [2, 2, "email", "proof", "One proof point for their segment."],
        [3, 5, "linkedin", "follow_up", "Connect with a short note."],
        [4, 9, "email", "exit", "Close the loop politely."],
      ]),
    },
    now,
  );
  await createCampaign(
    db,
    revops,
    {
      slug: "b2bea_world",
      name: "B2B eCommerce World",
      type: "event",
      owner_role: "roles.bdr",
      kind: "marketing",
      approval_policy: "auto_send",
      on_exit: { registered: null, no_engagement: null },
      steps: steps([
        [1, 0, "email", "campaign_visibility", "Invite to B2B eCommerce World."],
        [2, 1, "email", "follow_up", "Agenda highlights."],
        [3, 4, "email", "exit", "Last call for registration."],
      ]),
    },
    now,
  );
}
