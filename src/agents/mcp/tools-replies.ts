// Reply triage tools (issue 56 item 3): the sales agent lists the replies that wait for a person in
// the campaigns its role owns, reads one with what each choice would do, and decides the ones an
// agent may decide (docs/agents.md "Reply triage": no resuming a reply that may ask to stop, nor
// releasing the contact's other enrollments after it). An agent's positive exit is answered with
// an approval request a person decides (issue 71 item 2, src/agents/approvals/positive-exit.ts).
// Each calls the domain function its HTTP route calls; the domain checks the role.
import { Type } from "typebox";
import {
  BulkDecideBody,
  DecideBody,
  DecisionEffects,
  TriageCount,
  TriageListQuery,
  TriageReply,
  TriageReplyDetail,
} from "../../api/schemas/reply-triage.ts";
import {
  bulkDecisionInput,
  bulkDecisionResults,
  decisionInput,
} from "../../api/schemas/reply-triage-input.ts";
import { Uuid } from "../../api/schemas.ts";
import {
  countTriage,
  decideReplies,
  decideReply,
  getTriageReply,
  listTriage,
} from "../../campaigns/index.ts";
import { asksPositiveExit, requestPositiveExit } from "../approvals/approval-requests.ts";
import { defineTool, PAGE_PARAMS } from "./tool.ts";
import { ApprovalRequest, answer } from "./tools-approvals.ts";

const REPLY_ID = "The reply's id (reply_id, a uuid), as list_reply_triage gives it";
const DECISION =
  "continue | exit | opt_out | later | referral | handoff | not_a_reply (get_reply_triage says what each does and whether you may)";
const decisionParams = {
  decision: DECISION,
  exit_reason:
    "exit: rejected | disqualified | no_engagement; converted | meeting (positive: an agent's becomes a person's approval request)",
  until: "later: when to try again, ISO time (default: the date the reply gives)",
  notes: "Why, in a sentence: kept with the decision",
};

export const replyTools = [
  defineTool({
    name: "list_reply_triage",
    title: "Replies waiting for a person",
    description:
      "The reply triage queue (issue 56): replies Baton was not sure of, oldest first, each with the contact, " +
      "the campaign, the classifier's reading (intent, confidence, stop_signal) and what the reply held. " +
      "An agent sees the campaigns owned by roles.bdr, roles.sales and roles.cs.",
    input: TriageListQuery,
    refs: [TriageReply],
    params: {
      status: "pending (default) | decided | auto",
      campaign: "Only this campaign (slug or id)",
      owner: "Only campaigns with this owner_role (roles.bdr, roles.sales, …)",
      contact_id: "Only this contact's replies (uuid)",
      ...PAGE_PARAMS,
    },
    output: Type.Object({
      items: Type.Array(Type.Ref("TriageReply")),
      next_cursor: Type.Union([Type.String(), Type.Null()]),
    }),
    write: false,
    run: (ctx, q) =>
      listTriage(ctx.db, ctx.principal, {
        status: q.status as "pending" | "decided" | "auto" | undefined,
        campaign: q.campaign,
        owner: q.owner,
        contactId: q.contact_id,
        limit: q.limit,
        cursor: q.cursor,
      }),
  }),
  defineTool({
    name: "count_reply_triage",
    title: "How many replies wait",
    description: "How many replies wait in the triage queue for this principal, and the oldest one's time.",
    input: Type.Object({}, { additionalProperties: false }),
    output: TriageCount,
    write: false,
    run: (ctx) => countTriage(ctx.db, ctx.principal),
  }),
  defineTool({
    name: "get_reply_triage",
    title: "One reply in triage",
    description:
      "One reply: its own words and the quoted original apart, the reading, the contact and account, and " +
      "for each decision a sentence saying what it will do and whether this principal may take it.",
    input: Type.Object({ reply_id: Uuid }, { additionalProperties: false }),
    refs: [TriageReplyDetail],
    params: { reply_id: REPLY_ID },
    output: Type.Ref("TriageReplyDetail"),
    write: false,
    run: (ctx, { reply_id }) => getTriageReply(ctx.db, ctx.principal, reply_id),
  }),
  defineTool({
    name: "decide_reply",
    title: "Decide a reply",
    description:
      "Decide a reply in triage. The first decision wins (REPLY_ALREADY_DECIDED for the next). An agent may " +
      "continue, exit with a negative reason, opt_out, later, referral (the exec approves the new contact), " +
      "handoff, not_a_reply; not continue/later/not_a_reply on a reply that may ask to stop, nor anything but " +
      "opt_out on one whose contact has other enrollments (REPLY_DECISION_FORBIDDEN: leave it for a person). " +
      "An agent's positive exit (converted, meeting) is not taken: the answer is an approval request " +
      "(input_required) with the link where a person who triages approves it; it then runs once, if the " +
      "enrollment has not moved. Poll get_approval_request.",
    input: Type.Object({ reply_id: Uuid, ...DecideBody.properties }, { additionalProperties: false }),
    refs: [TriageReplyDetail],
    params: {
      reply_id: REPLY_ID,
      ...decisionParams,
      referral: "referral: {name, email} of the person named (default: whom the reply names)",
      replier: "referral: exit (default) or hold the replier's own enrollment",
    },
    output: Type.Object(
      {
        reply: Type.Optional(Type.Ref("TriageReplyDetail")),
        effects: Type.Optional(DecisionEffects),
        input_required: Type.Optional(
          Type.Boolean({ description: "true while a person's decision is needed" }),
        ),
        approval_request: Type.Optional(ApprovalRequest),
        next_action: Type.Optional(Type.String()),
      },
      {
        description:
          "decided: {reply, effects}; an agent's positive exit: {input_required, approval_request, next_action}",
      },
    ),
    write: true,
    run: async (ctx, b) => {
      const input = decisionInput(b.reply_id, b);
      if (asksPositiveExit(ctx.principal, input))
        return answer(
          await requestPositiveExit(ctx.db, ctx.principal, input, ctx.now(), ctx.config.publicUrl),
        );
      return decideReply(ctx.db, ctx.principal, input, ctx.now());
    },
  }),
  defineTool({
    name: "decide_replies",
    title: "Decide many replies",
    description:
      "One decision for many replies (not referral), each decided as decide_reply decides it, with its own result " +
      "(an agent's positive exit is refused here: ask it reply by reply with decide_reply).",
    input: BulkDecideBody,
    params: { reply_ids: "The replies' ids (up to 200)", ...decisionParams },
    output: Type.Object({
      results: Type.Array(
        Type.Object({
          reply_id: Type.String(),
          ok: Type.Boolean(),
          effects: Type.Optional(DecisionEffects),
          error: Type.Optional(
            Type.Object({ code: Type.String(), message: Type.String(), next_action: Type.String() }),
          ),
        }),
      ),
    }),
    write: true,
    run: async (ctx, b) => {
      const out = await decideReplies(ctx.db, ctx.principal, b.reply_ids, bulkDecisionInput(b), ctx.now());
      // the tool's result leaves each reply out (decide_reply and get_reply_triage give it)
      return { results: bulkDecisionResults(b.reply_ids, out).map(({ reply: _reply, ...r }) => r) };
    },
  }),
];
