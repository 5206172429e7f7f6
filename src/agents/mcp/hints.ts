// Parameter descriptions several tools share, and what a refusal tells an agent to do over MCP.
import type { FactsOf } from "../../errors/define.ts";

export const GOAL_HINT = "Optional spec 002 goal: awareness | pipeline | credibility | marketing_relief";
export const EVENT_TYPE_HINT =
  "Only this event type: activated, held, queued, suppressed, rejected, step_allowed, send_allowed, reply, paused, exit, ...";

/**
 * The next_action of a refusal over MCP, for each code whose registry text sends a person to an
 * HTTP route (issue 58: an agent over MCP is told which tool to call, not "GET /api/v1/campaigns").
 * The code, message, rule, facts and status stay the HTTP API's. test/mcp/mcp-hints.test.ts fails
 * on a code that names a route and is neither here nor in NO_MCP_TOOL_RAISES.
 */
export const MCP_NEXT_ACTIONS: Record<string, (f: FactsOf) => string> = {
  CAMPAIGN_NOT_FOUND: () => "Call list_campaigns and use an existing slug or id.",
  ENROLLMENT_NOT_PAUSABLE: (f) =>
    f.status === "paused"
      ? "It is already paused; call resume_enrollment {enrollment_id, reason} when it should go on."
      : "Only an active enrollment can be paused; a queued one waits for its gate, an ended one is history.",
  ENROLLMENT_NOT_PAUSED: () => "Call get_enrollment {enrollment_id} to see its status.",
  ENROLLMENT_HELD_FOR_PERSON: () =>
    "Call list_reply_triage {contact_id} and decide the reply (decide_reply) if get_reply_triage says you may; " +
    "otherwise leave it for a person.",
  REPLY_NOT_FOUND: () => "Call list_reply_triage and use a reply_id from it.",
  REPLY_NOT_IN_TRIAGE: () =>
    "To change what happened, act on the enrollment itself (pause_enrollment, resume_enrollment, " +
    "exit_enrollment) or opt the contact out (opt_out_contact).",
  HANDOFF_NOT_FOUND: () => 'Call list_handoffs {status: "open"} and use an id from it.',
  FLAG_ALREADY_RESOLVED: () => 'Call list_flags {status: "open"} and resolve one of those.',
  DRAFTING_LEASE_NOT_HELD: (f) =>
    `Lease the task again (lease_drafting_task {task_id: ${f.taskId ? `"${f.taskId}"` : "…"}}), then submit_draft.`,
  DRAFT_UNFINISHED: () =>
    "Revise the draft (revise_staged_draft {draft_id, subject, body}) so no template note or [placeholder] is " +
    "left; a person approves it then.",
  PLAY_ILLEGAL_TRANSITION: (f) =>
    f.from === "retired"
      ? "A retired play is terminal: draft a new play (draft_play) to run the idea again."
      : "Call get_play {play_id} and act on its current state; reviewers pick up, approve and retire plays.",
  PLAY_NOT_EDITABLE: () =>
    "Call get_play {play_id}: once a person has picked the draft up, only the reviewers edit it; draft a new " +
    "play (draft_play) for another idea.",
  PLAY_UNKNOWN_SEGMENT: () =>
    "Read baton://segments (or segment_caps_and_active_plays) and use one of its segments.",
  PLAY_EXPIRED: () => "An expired play is not revived: draft a new play (draft_play) to run the idea again.",
  RETROSPECTIVE_NOT_FOUND: () => "Call list_retrospectives {play_id} and use an id from it.",
  DRAFT_ALREADY_DECIDED: () =>
    "Nothing to do: get_staged_draft {draft_id} shows its decision; list_staged_drafts lists the pending ones.",
  // a person's setting: the agent cannot fix it
  SENDER_ADDRESS_MISSING: () =>
    "Ask a RevOps or admin person to set the company and postal address (the workspace's Mailboxes page); " +
    "whoami names your tenant. Refused sends are retried then.",
};

/**
 * Codes whose registry text names an HTTP route although no MCP tool raises them: each is a person's
 * job in the workspace or the CLI (campaign editing, plays' archive, variants, erasure, the inbound
 * and booking reviews, webhooks, meetings, CRM connections).
 */
export const NO_MCP_TOOL_RAISES = new Set([
  "CAMPAIGN_SLUG_TAKEN",
  "PLAY_ARCHIVE_FORGED",
  "VARIANT_NOT_FOUND",
  "ERASURE_TARGET_INVALID",
  "INBOUND_REVIEW_DECIDED",
  "INBOUND_REVIEW_NO_CONTACT",
  "WEBHOOK_NOT_FOUND",
  "MEETING_WEBHOOK_NOT_FOUND",
  "MEETING_NOT_FOUND",
  "BOOKING_REVIEW_NOT_PENDING",
  "CRM_NOT_CONNECTED",
  "CRM_TOKEN_REFRESH_FAILED",
  "CRM_OAUTH_STATE_INVALID",
  "CRM_ACCOUNT_CHANGE_NOT_PENDING",
  "CRM_WEBHOOK_ACCOUNT_UNKNOWN",
]);

/** A refusal's body with its next_action for an MCP client. */
export function mcpRefusal<B extends { error?: { code?: string; facts?: FactsOf; next_action?: string } }>(
  body: B,
): B {
  const e = body.error;
  const next = e?.code ? MCP_NEXT_ACTIONS[e.code] : undefined;
  if (!e || !next) return body;
  return { ...body, error: { ...e, next_action: next(e.facts ?? {}) } };
}
