// MCP prompts: the common jobs of each agent role as a first message that names the tools to use,
// in the order the job needs them.
import type { GetPromptResult } from "@modelcontextprotocol/sdk/types.js";

export interface McpPrompt {
  name: string;
  title: string;
  description: string;
  arguments: { name: string; description: string; required: boolean }[];
  /** The tools the prompt has the agent call: offered only to a principal that may call them all. */
  tools: string[];
  text(args: Record<string, string | undefined>): string;
}

export const batonPrompts: McpPrompt[] = [
  {
    name: "draft_play_for_segment",
    title: "Draft a play for a segment",
    description: "Brain agents: study a segment's figures and draft (or revise) a play for it.",
    tools: [
      "segment_caps_and_active_plays",
      "cohort_view",
      "list_retrospectives",
      "agent_calibration",
      "list_my_drafts",
      "draft_play",
      "revise_draft",
      "get_play",
    ],
    arguments: [
      { name: "segment", description: "The segment's key, as listed in baton://segments", required: true },
      { name: "quarter", description: "Quarter whose cohort to study, YYYY-Qn (optional)", required: false },
    ],
    text: ({ segment, quarter }) =>
      [
        `Draft a sales play for the segment "${segment}".`,
        `1. Call segment_caps_and_active_plays with segment "${segment}": if active_plays has reached play_cap.effective_cap, a new play cannot be activated; say so instead of drafting.`,
        `2. Call cohort_view${quarter ? ` with quarter "${quarter}"` : " for the last quarter"}, list_retrospectives and agent_calibration: what did your past plays achieve against their success_criteria?`,
        "3. Call list_my_drafts: do not draft a play you already have in draft or under_review; revise your draft with revise_draft instead.",
        "4. Call draft_play with a hypothesis grounded in those figures, a target_definition, a suggested_cadence and measurable success_criteria; pass proposal.payload with your reasoning and an idempotency_key.",
        "5. Report the play_id. A person (RevOps or a sales leader) reviews it; get_play shows what became of it.",
      ].join("\n"),
  },
  {
    name: "work_drafting_tasks",
    title: "Work my drafting tasks",
    description: "Sales and BDR agents: lease each open drafting task, write the touch, submit it.",
    tools: [
      "list_drafting_tasks",
      "lease_drafting_task",
      "prospect_timeline",
      "submit_draft",
      "list_staged_drafts",
      "revise_staged_draft",
    ],
    arguments: [{ name: "limit", description: "How many tasks to work (default 5)", required: false }],
    text: ({ limit }) =>
      [
        `Work up to ${limit ?? "5"} drafting tasks.`,
        "1. Call list_drafting_tasks. For each task: call lease_drafting_task with its task_id (the lease lasts 10 minutes).",
        "2. Read the leased task's input: who you write to, the step's channel, content_type and instructions. Call prospect_timeline with the contact_id for what already happened.",
        "3. Write the touch and call submit_draft with task_id, subject (email only) and body, and an idempotency_key. It is staged for a person's approval.",
        "4. list_staged_drafts shows your drafts and whether they were approved, edited or rejected; until a person decides, revise_staged_draft changes a pending one.",
        "If a call is refused, read error.code and follow error.next_action.",
      ].join("\n"),
  },
  {
    name: "triage_reply",
    title: "Triage a reply",
    description: "Sales and BDR agents: classify an inbound reply first, then report it to act on it.",
    tools: ["classify_reply", "report_reply", "pause_enrollment", "exit_enrollment"],
    arguments: [
      { name: "text", description: "The reply's text", required: true },
      { name: "contact_id", description: "The contact who replied (uuid), if known", required: false },
    ],
    text: ({ text, contact_id }) =>
      [
        "Triage this inbound reply:",
        "---",
        text ?? "",
        "---",
        "1. Call classify_reply with the text: it says the intent and what reporting it would do, writing nothing.",
        `2. If that is right, call report_reply with ${contact_id ? `contact_id "${contact_id}"` : "the contact's contact_id or email"}, the text and received_at: Baton exits, opts out or pauses when it is sure; otherwise the enrollment is held and the reply waits for a decision (list_reply_triage, decide_reply).`,
        "3. If the person asked to stop, the reply's unsubscribe ends every sequence; otherwise pause_enrollment or exit_enrollment if a person should take over.",
      ].join("\n"),
  },
  {
    name: "explain_decision",
    title: "Why was this held, queued or blocked?",
    description:
      "Any agent: explain the coordinator's decisions for one prospect, and what would happen now.",
    tools: ["query_events", "preview_decision"],
    arguments: [
      { name: "contact_id", description: "The contact (uuid)", required: true },
      {
        name: "campaign",
        description: "A campaign slug to preview an activation for (optional)",
        required: false,
      },
    ],
    text: ({ contact_id, campaign }) =>
      [
        `Explain the coordinator's decisions for contact ${contact_id}.`,
        `1. Call query_events with contact_id "${contact_id}": each decision has gate (1-5), suppressed_reason and release_at.`,
        campaign
          ? `2. Call preview_decision with contact_id "${contact_id}" and campaign "${campaign}": what the five gates would decide now, writing nothing.`
          : "2. Call preview_decision with the contact and a campaign to see what the five gates would decide now.",
        "3. Gate 2 blocks suppressed prospects (opt-out, active ABM play); gate 3 is the touch cap; gate 4 queues the losing side of a conflict until release_at.",
      ].join("\n"),
  },
  {
    name: "review_plays",
    title: "Review the plays waiting for me",
    description: "RevOps and the sales leader: pick up the drafted plays, co-define them and approve them.",
    arguments: [{ name: "segment", description: "Only this segment's plays (optional)", required: false }],
    tools: ["list_plays_for_review", "pick_up_play", "get_play", "revise_draft", "approve_play"],
    text: ({ segment }) =>
      [
        `Review the plays waiting for you${segment ? ` in the segment "${segment}"` : ""}.`,
        `1. Call list_plays_for_review${segment ? ` with segment "${segment}"` : ""} (page with cursor). A play in state draft waits to be picked up; under_review waits for approvals.`,
        "2. For a draft: call pick_up_play {play_id}. Then get_play shows its hypothesis, target, cadence and history.",
        "3. Co-define it if needed: revise_draft {play_id, ...} (each edit is logged). Then approve_play {play_id}: an SLM and a RevOps person approve, the second activates it.",
        "If a call is refused, read error.code and follow error.next_action.",
      ].join("\n"),
  },
  {
    name: "approve_staged_drafts",
    title: "Approve the touches waiting for me",
    description: "The exec: read each pending touch, approve it (editing if needed) or reject it.",
    arguments: [{ name: "limit", description: "How many drafts to decide (default 20)", required: false }],
    tools: ["list_staged_drafts", "get_staged_draft", "approve_staged_draft", "reject_staged_draft"],
    text: ({ limit }) =>
      [
        `Decide up to ${limit ?? "20"} staged touches.`,
        '1. Call list_staged_drafts {status: "pending"}: each draft has its contact, step, subject and body.',
        "2. Approve one as drafted (approve_staged_draft {draft_id}), finish its text and approve (approve_staged_draft {draft_id, subject, body}), or reject it with a reason (reject_staged_draft {draft_id, reason}). decide_staged_drafts decides many at once.",
        "3. A text with a [placeholder] or the template's note is refused (DRAFT_UNFINISHED) until your edit finishes it.",
      ].join("\n"),
  },
];

/** Whether the prompt's tools are all among the principal's: the prompts it is offered. */
export function promptOffered(p: McpPrompt, mayCall: (tool: string) => boolean): boolean {
  return p.tools.every(mayCall);
}

export function getPrompt(
  name: string,
  args: Record<string, string | undefined>,
): GetPromptResult | undefined {
  const p = batonPrompts.find((x) => x.name === name);
  if (!p) return undefined;
  const missing = p.arguments.filter((a) => a.required && !args[a.name]).map((a) => a.name);
  if (missing.length) throw new Error(`prompt ${name} needs ${missing.join(", ")}`);
  return {
    description: p.description,
    messages: [{ role: "user", content: { type: "text", text: p.text(args) } }],
  };
}
