// Parameter descriptions several tools share, and what a refusal tells an agent to do over MCP.
import type { FactsOf } from "../../errors/define.ts";
import { errorEntry } from "../../errors/registry.ts";

export const GOAL_HINT = "Optional spec 002 goal: awareness | pipeline | credibility | marketing_relief";
export const EVENT_TYPE_HINT =
  "Only this event type: activated, held, queued, suppressed, rejected, step_allowed, send_allowed, reply, paused, exit, ...";

/** How a next_action starts when no MCP tool can do what is needed (issue 71: said, not implied). */
export const NO_TOOL = "No MCP tool can do this:";

/** An HTTP route in a text (a refusal over MCP names tools instead). */
export const HTTP_ROUTE = /\b(GET|POST|PUT|PATCH|DELETE)\s+\/|\/api\/v1\//;

type Next = (f: FactsOf, tool: string) => string;
const again: Next = (_f, tool) => `Fix each path in error.facts.errors and call ${tool} again.`;
const retry =
  (what: string): Next =>
  (_f, tool) =>
    `${what} call ${tool} again with the same idempotency_key (safe to repeat).`;

/**
 * The next_action of a refusal over MCP, by code (issue 58, issue 71): the MCP tool to call, with
 * the arguments it needs. The code, message, rule, facts and status stay the HTTP API's. A code
 * not here says NO_TOOL and what a person does (nextActionOverMcp). `tool` is the refused tool.
 * test/mcp/mcp-hints.test.ts holds every code's text, for every tool, to these rules.
 */
export const MCP_NEXT_ACTIONS: Record<string, Next> = {
  FORBIDDEN_ROLE: (f) =>
    `${NO_TOOL} it is not your role's job; it needs ${f.required ?? "another role"}. whoami shows your roles; ` +
    "tools/list, the tools you may call.",
  PLAY_WRITE_FORBIDDEN: (f) =>
    `${NO_TOOL} it needs ${f.required ?? "a brain agent"}; whoami shows your roles.`,
  NOT_FOUND: (f) => {
    const lists: Record<string, string> = {
      play: "list_plays_for_review, list_my_drafts or plays_by_proposal",
      draft: "list_staged_drafts",
      contact: "find_contacts",
      account: "find_accounts",
      handoff: 'list_handoffs {status: "open"}',
      approval_request:
        "get_approval_request with the request_id request_play_approval (or request_automation_change) gave you, or ask again",
      enrollment: "list_enrollments",
      task: "list_drafting_tasks",
    };
    const list =
      lists[
        String(f.entity ?? "")
          .toLowerCase()
          .replace(/ .*/, "")
      ];
    return list
      ? `Call ${list} and use an id from it (another workspace's or book's ids are not found).`
      : "Call the list tool of that record (find_contacts, find_accounts, list_campaigns, list_enrollments, " +
          "list_staged_drafts, list_handoffs) and use an id from it.";
  },
  VALIDATION_FAILED: again,
  PLAY_DOCUMENT_INVALID: again,
  RETRY_LATER: retry("Wait a moment, then"),
  DATABASE_UNAVAILABLE: retry("Wait 2 seconds, then"),
  INTERNAL: retry("Wait a moment, then"),
  RATE_LIMITED: (f, tool) =>
    `Wait ${f.retry_after_s ?? "a few"} seconds, then call ${tool} again with the same idempotency_key.`,
  IDEMPOTENCY_KEY_REUSED: (_f, tool) =>
    `Call ${tool} with a new idempotency_key: this one belongs to a different request.`,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: retry("In a few seconds"),
  MCP_TOOL_UNKNOWN: () =>
    `${NO_TOOL} there is no tool by that name. tools/list names the tools you may call (whoami, your roles).`,
  CAMPAIGN_NOT_FOUND: () => "Call list_campaigns and use an existing slug or id.",
  CAMPAIGN_NOT_ACTIVE: () => "Call list_campaigns and choose an active campaign.",
  ENROLL_CONTACT_NOT_FOUND: () => "Call find_contacts and use a contact_id from it.",
  REPLY_CONTACT_UNKNOWN: () => "Call find_contacts for the contact_id, then report_reply with it.",
  ENROLLMENT_NOT_FOUND: () => "Call list_enrollments and use an enrollment_id from it.",
  ENROLLMENT_ALREADY_ACTIVE: () =>
    "Call list_enrollments {contact_id} for the live one; exit_enrollment ends it if it should stop.",
  ENROLLMENT_NOT_LIVE: () => "Nothing to do: request_enrollment again if the contact should restart.",
  ENROLLMENT_NOT_PAUSABLE: (f) =>
    f.status === "paused"
      ? "It is already paused; call resume_enrollment {enrollment_id, reason} when it should go on."
      : "Call get_enrollment {enrollment_id}: only an active enrollment is paused; a queued one waits for its gate.",
  ENROLLMENT_NOT_PAUSED: () => "Call get_enrollment {enrollment_id} to see its status.",
  ENROLLMENT_HELD_FOR_PERSON: () =>
    "Call list_reply_triage {contact_id} and decide the reply (decide_reply) if get_reply_triage says you may; " +
    "otherwise leave it for a person.",
  PAUSE_UNTIL_PAST: () =>
    "Call pause_enrollment with a later until, or none to pause until a person resumes it.",
  EXIT_REASON_UNKNOWN: (_f, tool) =>
    `Call ${tool} with reason converted, no_engagement, rejected, meeting, registered or disqualified.`,
  ILLEGAL_SEQUENCE_TRANSITION: () => "Call get_enrollment {enrollment_id} and act on its status.",
  SEQUENCE_FINISHED: () =>
    "Call request_activation again if the prospect should be contacted again; prospect_timeline shows why.",
  UNKNOWN_SEQUENCE_TYPE: (_f, tool) =>
    `Call ${tool} with sequence_type sales, nurture, marketing, transactional or abm.`,
  SEQUENCE_TYPE_MISMATCH: (_f, tool) => `Call ${tool} without sequence_type, or with the campaign's kind.`,
  PREVIEW_TARGET_MISSING: () =>
    "Call preview_decision with campaign (list_campaigns), enrollment_id or sequence_type.",
  EVENT_CURSOR_INVALID: (_f, tool) =>
    `Call ${tool} again without cursor, or with the previous page's next_cursor unchanged.`,
  EVENT_TIME_RANGE_INVALID: (_f, tool) => `Call ${tool} with from earlier than to.`,
  COHORT_QUARTER_INVALID: () => 'Call cohort_view with quarter as YYYY-Qn, e.g. "2026-Q4".',
  TIME_ZONE_UNKNOWN: (_f, tool) => `Call ${tool} with a zone name such as Europe/Berlin, or none.`,
  HANDOFF_NOT_FOUND: () => 'Call list_handoffs {status: "open"} and use an id from it.',
  HANDOFF_ALREADY_DECIDED: () =>
    "Nothing to do: get_handoff shows the decision; request_enrollment enrolls the contact elsewhere.",
  FLAG_ALREADY_RESOLVED: () => 'Call list_flags {status: "open"} and resolve one of those.',
  REPLY_NOT_FOUND: () => "Call list_reply_triage and use a reply_id from it.",
  REPLY_ALREADY_DECIDED: () => "Nothing to do: list_reply_triage gives the next reply waiting.",
  REPLY_NOT_IN_TRIAGE: () =>
    "To change what happened, act on the enrollment itself (pause_enrollment, resume_enrollment, " +
    "exit_enrollment) or opt the contact out (opt_out_contact).",
  REPLY_DECISION_INVALID: (_f, tool) =>
    `Call ${tool} with what the decision needs (exit: exit_reason; later: a future until; referral: ` +
    "referral.email); get_reply_triage describes each decision.",
  REPLY_DECISION_FORBIDDEN: () =>
    "Call get_reply_triage {reply_id}: take a decision it marks allowed, or leave the reply for a person.",
  DRAFTING_TASK_LEASED: () => "Call list_drafting_tasks and lease another task (lease_drafting_task).",
  DRAFTING_LEASE_NOT_HELD: (f) =>
    `Lease the task again (lease_drafting_task {task_id: ${f.taskId ? `"${f.taskId}"` : "…"}}), then submit_draft.`,
  DRAFTING_TASK_CLOSED: () => "Call list_drafting_tasks and take another task.",
  DRAFT_UNFINISHED: (f) =>
    `Finish the text: approve_staged_draft {draft_id: ${f.draftId ? `"${f.draftId}"` : "…"}, subject, body} ` +
    "with the finished text (the exec), or revise_staged_draft (the agent who drafted it); or reject_staged_draft.",
  DRAFT_ALREADY_DECIDED: () =>
    "Nothing to do: get_staged_draft {draft_id} shows its decision; list_staged_drafts lists the pending ones.",
  DRAFT_CONTACT_OPTED_OUT: () =>
    "Nothing to do: the draft was cancelled (the person opted out); list_staged_drafts lists the pending ones.",
  DRAFT_NOT_SENDABLE: () =>
    "Nothing to do: the touch was cancelled (exit, opt-out or block); list_staged_drafts lists the live ones.",
  PLAY_ILLEGAL_TRANSITION: (f) =>
    f.from === "retired"
      ? "A retired play is terminal: draft a new play (draft_play) to run the idea again."
      : "Call get_play {play_id} and act on its state: a draft is picked up (pick_up_play), a play under " +
        "review approved (approve_play).",
  PLAY_NOT_EDITABLE: () =>
    "Call get_play {play_id}: once a person has picked the draft up, only the reviewers edit it; draft a new " +
    "play (draft_play) for another idea.",
  PLAY_FIELD_IMMUTABLE: () => "Use the play tools that set them: pick_up_play, revise_draft, approve_play.",
  PLAY_UNKNOWN_SEGMENT: () =>
    "Read baton://segments (or segment_caps_and_active_plays) and use one of its segments.",
  PLAY_UNKNOWN_ACCOUNT: () => "Call find_accounts and use an account_id of your workspace.",
  PLAY_UNKNOWN_PROPOSAL: () =>
    "Call draft_play with proposal.payload, or cite your own proposal (list_my_drafts shows each " +
    "originating_proposal_id).",
  PLAY_SIGNAL_NOT_FOUND: () =>
    "Call list_signals and cite only the signal ids it gives (in the proposal's payload), or leave them out.",
  PLAY_TARGET_MIXED: () =>
    "Call draft_play with scope account_specific and account_id, or segment and segment.",
  PLAY_PERIOD_INVALID: (_f, tool) => `Call ${tool} with an active_period_end on or after the start date.`,
  PLAY_EXPIRED: () => "An expired play is not revived: draft a new play (draft_play) to run the idea again.",
  PLAY_ALREADY_APPROVED: () =>
    "Nothing to do: get_play shows your approval; the play waits for the other role's person.",
  PLAY_APPROVALS_MISSING: () => "Both an SLM and a RevOps person call approve_play; the second activates it.",
  PLAY_SELF_DOUBLE_APPROVAL: () =>
    "A second person holding the other role approves (approve_play); list_plays_for_review shows it to them.",
  PLAY_SEGMENT_CAP_REACHED: () =>
    "A RevOps person retires one of the segment's active plays in the workspace (segment_caps_and_active_plays " +
    "lists them); then call approve_play again.",
  PLAY_ACCOUNT_CAP_REACHED: () =>
    "The account's active play must end first (a RevOps person retires it); then call approve_play again.",
  RETROSPECTIVE_NOT_FOUND: () => "Call list_retrospectives {play_id} and use an id from it.",
  SIGNAL_TYPE_UNKNOWN: () => "Call list_signal_types and use a type it lists.",
  APPROVAL_REQUEST_NOT_PENDING: () =>
    "Nothing to do: get_approval_request {request_id} shows what became of it; request_play_approval (or decide_reply, request_automation_change) asks again.",
  APPROVAL_ENROLLMENT_MOVED: () =>
    "Nothing ran: get_reply_triage {reply_id} shows the reply and its enrollment now; decide_reply again if it still waits.",
  APPROVAL_ACTION_INTERRUPTED: () =>
    "Nothing ran: call the tool that asked again (request_play_approval, decide_reply or request_automation_change) for a new request.",
  APPROVAL_NEEDS_PERSON_SESSION: () =>
    `${NO_TOOL} a person decides in the workspace, signed in; get_approval_request shows the request's link.`,
  AUTOMATION_CLASS_INVALID: () =>
    "Call request_automation_change with an intent among interested, meeting, not_interested, out_of_office, " +
    "later and a language's two- or three-letter code (und when unknown).",
  AUTOMATION_CLASS_NOT_CLOSED_BY_HAND: (f) =>
    `Nothing to reopen: the class is ${f.state ?? "not closed by hand"} and opens on its own once earned; ` +
    'request_automation_change {action: "close"} asks a person to close it instead.',
  SENDER_ADDRESS_MISSING: () =>
    `${NO_TOOL} a RevOps or admin person sets the company and postal address (the workspace's Mailboxes ` +
    "page); refused sends are retried then.",
};

/** A refusal's next_action over MCP: a tool to call, or NO_TOOL and what a person does. */
export function nextActionOverMcp(code: string, facts: FactsOf, tool: string): string {
  const next = MCP_NEXT_ACTIONS[code];
  if (next) return next(facts, tool);
  const http = errorEntry(code)?.next(facts) ?? "";
  // the registry's own words, unless they send an agent to an HTTP route
  return `${NO_TOOL} ${http && !HTTP_ROUTE.test(http) ? http : "a person does it in the workspace or with the baton CLI."}`;
}

/** One bulk result's refusal ({code, message, next_action}) with its next_action for MCP. */
export function mcpNextAction(e: { code: string }, facts: FactsOf, tool: string): string {
  return nextActionOverMcp(e.code, facts, tool);
}

/** A refusal's body with its next_action for an MCP client; tool: the tool (or resource) refused. */
export function mcpRefusal<B extends { error?: { code?: string; facts?: FactsOf; next_action?: string } }>(
  body: B,
  tool = "the tool",
): B {
  const e = body.error;
  if (!e?.code) return body;
  return { ...body, error: { ...e, next_action: nextActionOverMcp(e.code, e.facts ?? {}, tool) } };
}
