// The campaigns of spec 002, as definitions. b2bea_membership_close's 8 steps are the spec's table
// verbatim; the spec gives no steps for the others, so theirs are Baton's own (docs/campaigns.md).
// Listed so that every on_exit target comes before the campaign that names it. Each step also
// carries the subject and body a person wrote for it (issue 37, spec-campaign-templates.ts).
import type { ChannelName } from "../channels/contract.ts";
import type { CampaignInput } from "./define-campaign.ts";
import { withTemplates } from "./spec-campaign-templates.ts";
import type { StepInput } from "./validate-definition.ts";

const s = (
  step_number: number,
  delay_days: number,
  channel: ChannelName,
  content_type: string,
  template_instructions: string,
): StepInput => ({ step_number, delay_days, channel, content_type, template_instructions });

/** spec 002 "b2bea_membership_close Sequence (initial)", verbatim. */
export const MEMBERSHIP_CLOSE_STEPS: StepInput[] = [
  s(
    1,
    0,
    "email",
    "follow_up",
    "Personal follow-up same day as meeting. Reference what they said specifically. Grant pre-sale access to B2BEA site + training content.",
  ),
  s(
    2,
    3,
    "email",
    "proof",
    "Goal-specific proof asset. Awareness → draft a LinkedIn post they could publish today. Credibility → mock up how they'd appear in an upcoming report. Pipeline → ICP overlap in B2BEA community. Marketing relief → content calendar for their first 90 days.",
  ),
  s(
    3,
    7,
    "email",
    "boss_arming",
    '"Internal case" kit — ROI framing, peer proof (which competitors/peers are members), deliverables list. Written so they can forward it to their boss.',
  ),
  s(4, 10, "linkedin", "follow_up", "Warm touch. Different angle. About them personally, not B2BEA."),
  s(
    5,
    14,
    "email",
    "campaign_visibility",
    "Upcoming B2BEA reports + who's already confirmed. FOMO is information, not pressure.",
  ),
  s(
    6,
    21,
    "email",
    "personal_visibility",
    'Career upside angle. "We\'d put YOU on video — your name and face." Address the marketing lead specifically.',
  ),
  s(
    7,
    35,
    "email",
    "close",
    "\"Let's turn this on fully.\" Natural continuation of what's already happening, not a transaction. Flag Justin to send personally.",
  ),
  s(
    8,
    56,
    "email",
    "exit",
    "60-day exit. One final frame of what they're stepping away from — specific upcoming campaigns, content opportunities relevant to their goal.",
  ),
];

const DEFINITIONS: CampaignInput[] = [
  {
    slug: "b2bea_membership_cs",
    name: "B2BEA member onboarding",
    type: "onboarding",
    owner_role: "roles.cs",
    kind: "nurture",
    approval_policy: "require_approval",
    on_exit: {},
    // Baton's own steps: the spec defers customer success content ("defined separately").
    steps: [
      s(
        1,
        0,
        "email",
        "follow_up",
        "Welcome to B2BEA membership: what it includes, the first three things to do this week, and who to contact.",
      ),
      s(
        2,
        7,
        "email",
        "marketing_relief",
        "Content calendar for their first 90 days, built around their goal.",
      ),
      s(
        3,
        21,
        "email",
        "campaign_visibility",
        "Upcoming B2BEA reports and campaigns they can be featured in, and how to take part.",
      ),
      s(4, 45, "email", "follow_up", "Check-in: what is working so far; offer a short review call."),
    ],
  },
  {
    slug: "b2bea_membership_close",
    name: "B2BEA membership close",
    type: "membership",
    owner_role: "roles.sales",
    kind: "sales",
    approval_policy: "require_approval",
    on_exit: { converted: "b2bea_membership_cs", no_engagement: null, rejected: null },
    steps: MEMBERSHIP_CLOSE_STEPS,
  },
  {
    slug: "b2bea_world",
    name: "B2B eCommerce World outreach",
    type: "event",
    owner_role: "roles.bdr",
    kind: "marketing",
    approval_policy: "require_approval",
    on_exit: { registered: null },
    steps: [
      s(
        1,
        0,
        "email",
        "follow_up",
        "Invite to B2B eCommerce World: the sessions closest to their role and the registration link.",
      ),
      s(
        2,
        4,
        "linkedin",
        "follow_up",
        "Connection note that names one session or speaker they would care about.",
      ),
      s(
        3,
        9,
        "email",
        "campaign_visibility",
        "Who from their peer set is already registered, and the agenda highlights.",
      ),
      s(4, 16, "email", "exit", "Last call before registration closes: one specific reason to be there."),
    ],
  },
  {
    slug: "b2bea_membership",
    name: "B2BEA vendor membership outreach",
    type: "membership",
    owner_role: "roles.bdr",
    kind: "sales",
    approval_policy: "require_approval",
    on_exit: { meeting: { gate: "exec" } },
    steps: [
      s(
        1,
        0,
        "email",
        "follow_up",
        "Introduce B2BEA vendor membership through one benefit tied to their company's goal; ask for a 20-minute meeting.",
      ),
      s(
        2,
        3,
        "linkedin",
        "follow_up",
        "Connection note referencing recent company news or a post of theirs.",
      ),
      s(3, 7, "email", "proof", "One member result from their vertical, with the numbers."),
      s(
        4,
        12,
        "email",
        "campaign_visibility",
        "Upcoming reports and events members appear in; offer two meeting times.",
      ),
      s(5, 20, "email", "exit", "Close the loop politely and leave the door open."),
    ],
  },
  {
    slug: "dreamborn",
    name: "DreamBorn platform outreach",
    type: "platform",
    owner_role: "roles.bdr",
    kind: "sales",
    approval_policy: "require_approval",
    // spec 002: "dreamborn (BDR) → meeting → Justin gates → no sales campaign yet"
    on_exit: { meeting: { gate: "exec" } },
    steps: [
      s(
        1,
        0,
        "email",
        "follow_up",
        "Introduce the DreamBorn platform through the problem it solves for their team; ask for a demo meeting.",
      ),
      s(2, 4, "linkedin", "follow_up", "Connection note about their role, not the product."),
      s(3, 9, "email", "proof", "A short customer story from a similar company."),
      s(4, 15, "email", "exit", "Close the loop; offer to reconnect next quarter."),
    ],
  },
];

/** The definitions with the demo team's written subject and body per step (spec-campaign-templates.ts). */
export const SPEC_CAMPAIGNS: CampaignInput[] = DEFINITIONS.map((c) => ({
  ...c,
  steps: withTemplates(c.slug, c.steps),
}));
