// Campaign error codes (spec 002). SQLSTATEs BE001-BE019 are the campaigns' triggers.
import { CHANNELS } from "../channels/contract.ts";
import { defineErrors } from "../errors/define.ts";

const list = (f: { problems?: { path: string; message: string }[] }) =>
  (f.problems ?? []).map((p) => `${p.path}: ${p.message}`).join("; ");

export const campaignErrors = defineErrors({
  // issue 56: the reply triage queue (src/campaigns/triage/)
  REPLY_NOT_FOUND: {
    status: 404,
    rule: "every read and write is scoped to the caller's tenant",
    message: (f) => `Reply ${f.reply_id ?? ""} was not found.`,
    next: () => "List the triage queue (GET /api/v1/replies/triage) and use an id from it.",
  },
  REPLY_NOT_IN_TRIAGE: {
    status: 409,
    rule: "issue 56: only a reply that waits for a person is decided in triage; Baton decided this one alone (a sure reading or automatic mail)",
    message: (f) =>
      `Reply ${f.reply_id ?? ""} did not wait for a person: Baton acted on it (${f.action ?? "its reading"}).`,
    next: () =>
      "To change what happened, act on the enrollment itself (pause, resume, exit: /api/v1/enrollments/{id}/…) or opt the contact out.",
  },
  REPLY_ALREADY_DECIDED: {
    status: 409,
    rule: "issue 56: a reply in triage is decided once; the first decision wins",
    message: (f) =>
      `Reply ${f.reply_id ?? ""} was already decided (${f.decision ?? "?"}) by ${f.decided_by ?? "someone"} at ${f.decided_at ?? "?"}.`,
    next: () => "Reload the queue: the reply is no longer pending. Nothing was changed by this call.",
  },
  REPLY_DECISION_INVALID: {
    status: 422,
    rule: "issue 56: each triage decision takes what it needs (exit: a reason; later: a future date; referral: the person's email)",
    message: (f) => `The decision is incomplete or invalid: ${list(f) || "see docs/campaigns.md"}.`,
    next: () =>
      'Send e.g. {"decision":"exit","exit_reason":"rejected"}, {"decision":"later","until":"2027-03-01T09:00:00Z"}, {"decision":"referral","referral":{"name":"Ana","email":"ana@x.example"}}.',
  },
  REPLY_DECISION_FORBIDDEN: {
    status: 403,
    rule: "issue 56 (docs/agents.md): an agent triages only what keeps a person in charge: no positive exit (it runs on_exit), no resuming a reply that may ask to stop; a rep or exec triages the replies of the campaigns their role owns",
    message: (f) =>
      `${f.principal ?? "This principal"} may not ${f.action ?? "decide this reply"}: ${f.why ?? ""}.`,
    next: () =>
      "Leave the reply for a person (RevOps, the sales leader, or the rep or exec who owns the campaign), or choose a decision allowed to you (GET the reply: each choice says whether it is allowed).",
  },
  // issue 72 item 1: automation earned from the team's decisions (triage/automation-classes.ts checks a
  // class, triage/close-automation-class.ts closes and reopens one by hand)
  AUTOMATION_CLASS_INVALID: {
    status: 422,
    rule: 'issue 72: automation is earned per intent (interested, meeting, not_interested, out_of_office, later) and language (a two- or three-letter code, und when unknown); a sure unsubscribe always acts, referral and other never (docs/campaigns.md "Automation earned")',
    message: (f) => `There is no automation class ${f.intent ?? "?"} / ${f.language ?? "?"}.`,
    next: () => "List the classes (GET /api/v1/replies/automation) and use an intent and language from it.",
  },
  AUTOMATION_CLASS_NOT_CLOSED_BY_HAND: {
    status: 409,
    rule: 'issue 72: reopening returns a class closed by hand to earning; a class that is open or earning has nothing to reopen (docs/campaigns.md "Automation earned")',
    message: (f) =>
      `The class ${f.intent ?? "?"} / ${f.language ?? "?"} is ${f.state ?? "?"}, not closed by hand.`,
    next: () => "Nothing to do: it opens on its own once the team's decisions agree with it often enough.",
  },
  CAMPAIGN_REPLY_POLICY_INVALID: {
    status: 422,
    rule: 'issue 56: a campaign\'s reply policy says, for other_campaigns and colleagues, nothing, pause (1 to 365 days) or stop (docs/campaigns.md "Reply policy")',
    message: (f) => `The campaign's reply policy is invalid: ${list(f) || "see docs/campaigns.md"}.`,
    next: () =>
      'Send e.g. {"other_campaigns": {"action": "pause", "days": 14}, "colleagues": {"action": "nothing"}}, or null for the default.',
  },
  CAMPAIGN_STEP_TEMPLATE_INVALID: {
    status: 422,
    rule: 'issue 37: a step\'s subject and body templates parse, and name only merge fields (docs/campaigns.md "Templates")',
    message: (f) =>
      (f.problems ?? [])
        .filter((p: { code?: string }) => p.code === "CAMPAIGN_STEP_TEMPLATE_INVALID")
        .map((p: { message: string }) => p.message)
        .join("; ") || "A step's template is invalid.",
    next: () =>
      'Use only the merge fields listed (e.g. {{contact.first_name | default: "there"}}), the tags if, unless, case and comment, and the filters listed; close every {{ and {%.',
  },
  CAMPAIGN_STEP_THREAD_INVALID: {
    status: 422,
    rule: "issue 12: a follow-up step is an email sent in the thread of an earlier email step",
    message: (f) => `A step's thread is invalid: ${list(f) || "thread is 'new' or 'follow_up'"}.`,
    next: () =>
      "Mark as thread 'follow_up' only email steps that come after another email step; leave the others 'new'.",
  },
  CAMPAIGN_SEND_WINDOW_INVALID: {
    status: 422,
    rule: "issue 12: a send window is weekdays and local hours (HH:MM) in the contact's IANA time zone",
    message: (f) => `The campaign's send window is invalid: ${list(f) || "see docs/sending.md"}.`,
    next: () =>
      'Send e.g. {"days": ["tue","wed","thu"], "start": "09:00", "end": "11:30", "time_zone": "America/New_York"}, or null for no window.',
  },
  CAMPAIGN_NOT_FOUND: {
    status: 404,
    rule: "every read and write is scoped to the caller's tenant",
    message: (f) => `Campaign ${f.campaign ?? ""} was not found.`,
    next: () => "List campaigns (GET /api/v1/campaigns) and use an existing slug or id.",
  },
  CAMPAIGN_SLUG_TAKEN: {
    status: 409,
    rule: "spec 002 campaigns: slug is unique",
    constraints: ["campaigns_client_id_slug_key"],
    message: (f) => `A campaign with slug ${f.slug ?? "(this slug)"} already exists.`,
    next: () => "Update the existing campaign (PATCH /api/v1/campaigns/:slug) or choose another slug.",
  },
  CAMPAIGN_STEPS_INVALID: {
    status: 422,
    sqlstate: "BE001",
    rule: "spec 002 campaign_sequences: step_number is 1-based per campaign, unique (campaign_id, step_number)",
    constraints: ["campaign_sequences_campaign_id_step_number_key"],
    message: (f) =>
      `The campaign's steps are invalid: ${list(f) || "steps must be numbered 1..n without a gap or duplicate"}.`,
    next: () =>
      "Number the steps 1, 2, 3 … with no gap and no duplicate, then send the whole definition again.",
  },
  CAMPAIGN_STEP_DELAY_INVALID: {
    status: 422,
    sqlstate: "BE002",
    rule: "spec 002 campaign_sequences: delay_days counts days from enrollment (step 1 = day 0)",
    message: (f) =>
      `A step's delay_days is invalid: ${list(f) || "delay_days must be ≥ 0 and must not decrease"}.`,
    next: () => "Give each step a delay_days ≥ 0 that is not smaller than the previous step's.",
  },
  CAMPAIGN_STEP_CHANNEL_UNKNOWN: {
    status: 422,
    rule: `spec 002 campaign_sequences: channel is ${CHANNELS.join(" | ")}`,
    message: (f) => `A step names an unknown channel: ${list(f)}.`,
    next: () => `Use channel ${CHANNELS.map((c) => `'${c}'`).join(" or ")}.`,
  },
  CAMPAIGN_STEP_CONTENT_TYPE_UNKNOWN: {
    status: 422,
    rule: "spec 002 campaign_sequences: content_type is one of follow_up | proof | boss_arming | campaign_visibility | personal_visibility | marketing_relief | close | exit",
    message: (f) => `A step names an unknown content type: ${list(f)}.`,
    next: () =>
      "Use one of follow_up, proof, boss_arming, campaign_visibility, personal_visibility, marketing_relief, close, exit.",
  },
  ON_EXIT_REASON_UNKNOWN: {
    status: 422,
    rule: "spec 002 on_exit: keys are exit reasons",
    message: (f) => `on_exit names an unknown exit reason: ${list(f)}.`,
    next: () => "Use the keys converted, no_engagement, rejected, meeting, registered or disqualified.",
  },
  ON_EXIT_TARGET_INVALID: {
    status: 422,
    rule: "spec 002 on_exit: a target is a campaign slug, null, or a human gate",
    message: (f) => `An on_exit target has the wrong shape: ${list(f)}.`,
    next: () => 'Give each on_exit key a campaign slug, null, or { "gate": "exec" }.',
  },
  ON_EXIT_TARGET_MISSING: {
    status: 422,
    rule: "spec 002 on_exit: targets are validated to name existing campaigns",
    message: (f) => `on_exit points at campaign(s) that do not exist: ${(f.missing ?? []).join(", ")}.`,
    next: () =>
      "Define the target campaign first, or point on_exit at an existing slug, null or the exec gate.",
  },
  ON_EXIT_CYCLE: {
    status: 422,
    rule: "spec 002 on_exit chains: a chain must end (null or a human gate), never loop forever",
    message: (f) => `This on_exit map would route contacts in a loop: ${(f.cycle ?? []).join(" → ")}.`,
    next: () => 'Break the loop: point one of these exits at null or at { "gate": "exec" }.',
  },
  SALES_CAMPAIGN_REQUIRES_APPROVAL: {
    status: 422,
    rule: "spec 002: a sales agent never sends without staged_drafts approval",
    constraints: ["campaigns_sales_require_approval"],
    message: () => "A sales campaign must use approval_policy 'require_approval'.",
    next: () =>
      "Set approval_policy to 'require_approval', or use another kind (nurture, marketing, transactional).",
  },
  CAMPAIGN_NOT_ACTIVE: {
    status: 409,
    rule: "spec 002 campaigns.status: only active campaigns take enrollments",
    message: (f) => `Campaign ${f.campaign} is ${f.status}; it takes no enrollments.`,
    next: (f) =>
      f.status === "paused"
        ? "Resume the campaign (PATCH status 'active') or enroll the contact elsewhere."
        : "Archived campaigns stay closed; choose an active campaign.",
  },
  ENROLL_CONTACT_NOT_FOUND: {
    status: 404,
    rule: "every read and write is scoped to the caller's tenant",
    message: (f) => `Contact ${f.contact ?? ""} was not found.`,
    next: () => "Check the contact id; it must be a contact of your tenant.",
  },
  ENROLLMENT_ALREADY_ACTIVE: {
    status: 409,
    rule: "spec 002: only one ACTIVE enrollment per contact per campaign",
    constraints: ["campaign_contacts_active_uniq"],
    message: (f) =>
      `The contact already has a live enrollment${f.enrollment_id ? ` (${f.enrollment_id})` : ""} in campaign ${f.campaign ?? "(this campaign)"}.`,
    next: () =>
      "Let the current enrollment finish or exit it first; exited enrollments do not block re-enrollment.",
  },
  ENROLLMENT_NOT_FOUND: {
    status: 404,
    rule: "every read and write is scoped to the caller's tenant",
    message: (f) => `Enrollment ${f.enrollment_id ?? ""} was not found.`,
    next: () => "List the campaign's enrollments to find the right id.",
  },
  ENROLLMENT_NOT_LIVE: {
    status: 409,
    rule: "spec 002 exit_contact: an enrollment exits once; exited enrollments are history",
    message: (f) => `Enrollment ${f.enrollment_id} has already ended (${f.status}).`,
    next: () => "Nothing to do; enroll the contact again if it should restart.",
  },
  ENROLLMENT_NOT_PAUSABLE: {
    status: 409,
    rule: "issue 37: only an active enrollment pauses (active → paused → active)",
    message: (f) => `Enrollment ${f.enrollment_id} is ${f.status}, not active; it cannot be paused.`,
    next: (f) =>
      f.status === "paused"
        ? "It is already paused; resume it (POST /api/v1/enrollments/:id/resume) when it should go on."
        : "Only an active enrollment can be paused; a queued one waits for its gate, an ended one is history.",
  },
  ENROLLMENT_NOT_PAUSED: {
    status: 409,
    rule: "issue 37: only a paused enrollment resumes",
    message: (f) => `Enrollment ${f.enrollment_id} is ${f.status}, not paused; there is nothing to resume.`,
    next: () => "Read the enrollment (GET /api/v1/enrollments/:id) to see its status.",
  },
  ENROLLMENT_HELD_FOR_PERSON: {
    status: 403,
    rule: "issue 73 item 3 (docs/agents.md): a reply holds this enrollment for a person (the triage queue or the inbound review); an agent neither resumes it nor ends it with a positive exit by hand: the reply's decision does",
    message: (f) =>
      `${f.principal ?? "This principal"} may not ${f.action ?? "change"} enrollment ${f.enrollment_id ?? ""}: a reply of the contact holds it for a person (${f.hold_reason ?? "reply"}).`,
    next: () =>
      "Decide the reply if you may (GET /api/v1/replies/triage?contact_id=…: each choice says whether you may), or leave it for a person.",
  },
  PAUSE_UNTIL_PAST: {
    status: 422,
    rule: "issue 37: a pause with an end date ends in the future",
    message: (f) => `The pause would end at ${f.until}, which is not in the future.`,
    next: () => "Give a later date, or none to pause until a person resumes it.",
  },
  EXIT_REASON_UNKNOWN: {
    status: 422,
    rule: "spec 002 exit_contact: exit reasons",
    message: (f) => `'${f.reason}' is not an exit reason.`,
    next: () => "Use converted, no_engagement, rejected, meeting, registered or disqualified.",
  },
  HANDOFF_NOT_FOUND: {
    status: 404,
    rule: "every read and write is scoped to the caller's tenant",
    message: (f) => `Hand-off ${f.handoff_id ?? ""} was not found.`,
    next: () => "List open hand-offs (GET /api/v1/handoffs).",
  },
  HANDOFF_ALREADY_DECIDED: {
    status: 409,
    rule: "spec 002 pipeline: the exec gates a hand-off once",
    message: (f) => `Hand-off ${f.handoff_id} was already ${f.status}.`,
    next: () => "Nothing to do; enroll the contact directly if another campaign is needed.",
  },
  REPLY_CONTACT_UNKNOWN: {
    status: 404,
    rule: "spec 002 process_reply: a reply belongs to a known contact",
    message: (f) => `No contact matches the reply's ${f.by ?? "contact"} ${f.value ?? ""}.`,
    next: () =>
      "Send the reply with a contact_id or email of a contact in your tenant, or create the contact first.",
  },
});

// its codes in the registry's type (src/errors/registry.ts); src/runtime/errors.ts registers the entries
type Codes = typeof campaignErrors;
declare module "../errors/registry.ts" {
  interface ErrorRegistry extends Codes {}
}
