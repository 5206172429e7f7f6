// A person's decision, asked through MCP (issue 71 item 2): a brain agent asks for its play's
// approval, a triage agent's decide_reply takes a positive exit (tools-replies.ts) or it asks to
// close or reopen a reply automation class (request_automation_change), and each gets an
// approval request with the link to Baton's page where a person decides; over a client that
// declared URL elicitation the call is answered with MCP's URLElicitationRequired error (-32042)
// carrying that link (server.ts), otherwise with this input_required result. The agent polls
// get_approval_request; no tool decides a request.
import { Type } from "typebox";
import { Uuid } from "../../api/schemas.ts";
import {
  type ApprovalRequestView,
  getApprovalRequest,
  requestAutomationChange,
  requestPlayApproval,
} from "../approvals/approval-requests.ts";
import { defineTool } from "./tool.ts";

export const ApprovalRequest = Type.Object({
  request_id: Type.String({ format: "uuid" }),
  kind: Type.Union(
    [Type.Literal("play_approval"), Type.Literal("positive_exit"), Type.Literal("automation_change")],
    {
      description:
        "play_approval: a play's approval (play_id); positive_exit: a reply's positive exit (reply_id); " +
        "automation_change: a reply automation class closed by hand or reopened (automation_change)",
    },
  ),
  status: Type.Union(
    ["pending", "running", "done", "failed", "declined", "expired"].map((s) => Type.Literal(s)),
    {
      description:
        "pending: waits for a person until expires_at; done: a person approved and the action ran (outcome); " +
        "failed: it did not run (outcome.code says why); declined; expired",
    },
  ),
  play_id: Type.Union([Type.String(), Type.Null()]),
  reply_id: Type.Union([Type.String(), Type.Null()], { description: "positive_exit: the reply it decides" }),
  exit_reason: Type.Union([Type.String(), Type.Null()], {
    description: "positive_exit: the exit asked (converted, meeting, registered, meeting_booked)",
  }),
  automation_change: Type.Union(
    [
      Type.Object({
        intent: Type.String(),
        language: Type.String(),
        action: Type.Union([Type.Literal("close"), Type.Literal("reopen")]),
        reason: Type.Optional(Type.String()),
      }),
      Type.Null(),
    ],
    { description: "automation_change: the class (intent, language), the change asked and why" },
  ),
  agent: Type.String({ description: "The agent that asked" }),
  url: Type.String({ description: "Baton's page where a person decides (signed in)" }),
  created_at: Type.String(),
  expires_at: Type.String(),
  decided_at: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description:
      "done: what the action gave (play_approval: {play_id, state, approved_by: the approving person's principal id}; " +
      "positive_exit: {reply_id, enrollment_id, exit_reason, next, decided_by}; " +
      "automation_change: {intent, language, action, state, decided_by}); failed: {code, message}",
  }),
});

/** What a pending request tells the agent to do. */
export function waitingWords(r: ApprovalRequestView): string {
  return (
    `A person decides this: show them ${r.url} (they approve in the workspace, signed in). Then call ` +
    `get_approval_request {request_id: "${r.request_id}"} until its status is done, failed, declined or ` +
    `expired (at ${r.expires_at}).`
  );
}

export const Answer = Type.Object({
  input_required: Type.Boolean({ description: "true while a person's decision is needed" }),
  approval_request: ApprovalRequest,
  next_action: Type.String(),
});

export function answer(r: ApprovalRequestView) {
  if (r.kind === "automation_change") return automationAnswer(r);
  const exit = r.kind === "positive_exit";
  const ask = exit ? "decide_reply" : "request_play_approval";
  const next: Record<string, string> = {
    pending: waitingWords(r),
    running: `A person approved; call get_approval_request {request_id: "${r.request_id}"} for the outcome.`,
    done: exit
      ? "Done: the exit ran once, as the person's decision; get_reply_triage shows the reply."
      : "Done: the action ran once; outcome says what it gave. get_play shows the play.",
    failed: `It did not run: outcome.code says why. Call ${ask} again once that is fixed.`,
    declined: exit
      ? "A person declined the positive exit: leave the reply to them (get_reply_triage shows it)."
      : "A person declined. Revise the play (revise_draft) before asking again with request_play_approval.",
    expired: `No one decided in time: call ${ask} again.`,
  };
  return { input_required: r.status === "pending", approval_request: r, next_action: next[r.status] };
}

function automationAnswer(r: ApprovalRequestView) {
  const next: Record<string, string> = {
    pending: waitingWords(r),
    running: `A person approved; call get_approval_request {request_id: "${r.request_id}"} for the outcome.`,
    done: "Done: the change ran once, as the person's own close or reopen; outcome.state is the class's state now.",
    failed:
      "It did not run: outcome.code says why (the class may have changed meanwhile). Call " +
      "request_automation_change again if the change is still needed.",
    declined: "A person declined the change: the class stays as it is; leave it to them.",
    expired: "No one decided in time: call request_automation_change again.",
  };
  return { input_required: r.status === "pending", approval_request: r, next_action: next[r.status] };
}

export const approvalTools = [
  defineTool({
    name: "request_play_approval",
    title: "Ask a person to approve my play",
    description:
      "Brain agents: ask an SLM or RevOps person to approve your play (draft or under review). The answer is " +
      "an approval request (input_required) with the link where the person approves, in the workspace; a " +
      "client that supports URL elicitation gets MCP's URL elicitation instead. Once approved, the approval " +
      "runs once, after your token and role are checked again, within the segment's cap. Calling again " +
      "returns the same request (and, once decided, its outcome) until it expires.",
    input: Type.Object({ play_id: Uuid }, { additionalProperties: false }),
    params: { play_id: "Your play's id (play_id, from draft_play or list_my_drafts)" },
    output: Answer,
    write: true,
    run: async (ctx, { play_id }) =>
      answer(await requestPlayApproval(ctx.db, ctx.principal, play_id, ctx.now(), ctx.config.publicUrl)),
  }),
  defineTool({
    name: "request_automation_change",
    title: "Ask a person to close or reopen a reply automation class",
    description:
      "Triage agents: where Baton acts alone on replies is earned per class (intent, language) and kept by " +
      "RevOps. When a class's automation goes wrong (or a class closed by hand should earn again), ask a RevOps " +
      "or admin person to close it by hand (close) or reopen it to earning (reopen). You never change the class: " +
      "the answer is an approval request (input_required) with the link where the person approves, in the " +
      "workspace (URL elicitation for a client that supports it). Once approved, the change runs once, after " +
      "your token and role are checked again, on the class as it stands then. Calling again returns the same " +
      "request until it expires.",
    input: Type.Object(
      {
        intent: Type.String({ minLength: 1, maxLength: 40 }),
        language: Type.String({ minLength: 2, maxLength: 3 }),
        action: Type.Union([Type.Literal("close"), Type.Literal("reopen")]),
        reason: Type.String({ minLength: 1, maxLength: 500 }),
      },
      { additionalProperties: false },
    ),
    params: {
      intent: "The class's intent: interested, meeting, not_interested, out_of_office or later",
      language: "The class's language: a two- or three-letter code (und when unknown)",
      action:
        "close: close it by hand (Baton stops acting alone on it); reopen: back to earning (only a class closed by hand)",
      reason: "Why, in a sentence or two, for the person who decides (no personal data)",
    },
    output: Answer,
    write: true,
    run: async (ctx, input) =>
      answer(await requestAutomationChange(ctx.db, ctx.principal, input, ctx.now(), ctx.config.publicUrl)),
  }),
  defineTool({
    name: "get_approval_request",
    title: "Poll an approval request",
    description:
      "The state of an approval request you made: pending (with its link and expiry), done with its outcome, " +
      "failed (why), declined or expired. People who decide (a play's: SLM, RevOps; a positive exit's: who may " +
      "triage the reply; an automation change's: RevOps, admin) read the workspace's.",
    input: Type.Object({ request_id: Uuid }, { additionalProperties: false }),
    params: { request_id: "The request's id (approval_request.request_id, or the elicitation's id)" },
    output: Answer,
    write: false,
    run: async (ctx, { request_id }) =>
      answer(await getApprovalRequest(ctx.db, ctx.principal, request_id, ctx.now(), ctx.config.publicUrl)),
  }),
];
