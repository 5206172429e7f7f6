// Outreach tools (spec 001, spec 002): sales and BDR agents lease drafting tasks and submit drafts,
// read what became of their staged drafts, classify and report replies, and read a prospect's
// timeline.

import { Type } from "typebox";
import { TimelineParams, TimelineQuery } from "../../api/schemas/coordinator.ts";
import {
  DraftingTasksQuery,
  DraftingTaskView,
  DraftView,
  IdParams,
  SubmitDraftBody,
  taskView,
} from "../../api/schemas/engine.ts";
import { ReplyBody, ReplyResult } from "../../api/schemas/replies.ts";
import { IsoTime, PAGE_FIELDS, pageOf, Uuid } from "../../api/schemas.ts";
import { requireAgent } from "../../auth/principal.ts";
import { classifyReply, processReply, REPLY_INTENTS, replyEffect } from "../../campaigns/index.ts";
import type { ChannelName } from "../../channels/contract.ts";
import {
  draftView,
  getDraft,
  leaseDraftingTask,
  listDraftingTasks,
  listDrafts,
  submitDraft,
} from "../../engine/index.ts";
import { contactTimeline } from "../../events/index.ts";
import { defineTool, PAGE_PARAMS } from "./tool.ts";

const TASK_ID = "The drafting task's id (from list_drafting_tasks)";
const TaskInput = Type.Object({ task_id: IdParams.properties.id }, { additionalProperties: false });
const LooseEvent = Type.Object(
  {
    event_id: Type.Integer(),
    occurred_at: Type.String(),
    event_type: Type.String(),
    decision: Type.Object({
      action: Type.Union([Type.String(), Type.Null()]),
      gate: Type.Union([Type.Integer(), Type.Null()]),
      reason: Type.Union([Type.String(), Type.Null()]),
      release_at: Type.Union([Type.String(), Type.Null()]),
    }),
  },
  { additionalProperties: true, description: "One event of the contact (GET /api/v1/contacts/:id/timeline)" },
);

export const outreachTools = [
  defineTool({
    name: "list_drafting_tasks",
    title: "Open drafting tasks",
    description:
      "Touches waiting for an agent to draft them (open, lease free or ended), oldest first. Campaigns whose " +
      "drafter is 'agent' create them when a step falls due.",
    input: DraftingTasksQuery,
    params: { limit: "How many tasks per page (default 50)", cursor: PAGE_PARAMS.cursor },
    output: pageOf(DraftingTaskView),
    write: false,
    run: async (ctx, q) => {
      const page = await listDraftingTasks(ctx.db, ctx.principal, ctx.now(), q);
      return { items: page.items.map(taskView), next_cursor: page.next_cursor };
    },
  }),
  defineTool({
    name: "lease_drafting_task",
    title: "Lease a drafting task",
    description:
      "Take a drafting task for this agent (10 minutes). The task's input says who to write to, the step's " +
      "channel, content type and writing instructions. Submit the draft before the lease ends.",
    input: TaskInput,
    params: { task_id: TASK_ID },
    output: DraftingTaskView,
    write: true,
    run: async (ctx, { task_id }) => {
      requireAgent(ctx.principal, "lease drafting tasks");
      const engine = await ctx.engine();
      return taskView(
        await leaseDraftingTask(
          ctx.db,
          ctx.principal.clientId,
          ctx.principal.agentId!,
          task_id,
          ctx.now(),
          engine.draftingLeaseMs,
          ctx.principal,
        ),
      );
    },
  }),
  defineTool({
    name: "submit_draft",
    title: "Submit a draft",
    description:
      "Submit the draft of a leased task. It is staged for approval (spec 002 staged_drafts, status pending) " +
      "unless the campaign auto-approves; nothing is sent without the coordinator's send-time check.",
    input: Type.Object(
      { task_id: IdParams.properties.id, ...SubmitDraftBody.properties },
      { additionalProperties: false },
    ),
    params: {
      task_id: TASK_ID,
      subject: "The email's subject line (null or omitted for LinkedIn)",
      body: "The touch's text",
    },
    output: DraftView,
    write: true,
    run: async (ctx, { task_id, subject, body }) => {
      requireAgent(ctx.principal, "submit drafts");
      const engine = await ctx.engine();
      return draftView(
        await submitDraft(
          ctx.db,
          ctx.principal.clientId,
          ctx.principal.agentId!,
          task_id,
          { subject: subject ?? null, body },
          ctx.now(),
          engine.senderName,
          ctx.principal,
        ),
      );
    },
  }),
  defineTool({
    name: "list_staged_drafts",
    title: "My staged drafts",
    description:
      "Staged touches (spec 002 staged_drafts) by status: an agent sees the drafts it wrote — pending, approved " +
      "(possibly edited: original_body keeps yours), rejected (reject_reason) or cancelled.",
    input: Type.Object(
      {
        status: Type.Optional(
          Type.Union(["pending", "approved", "rejected", "cancelled"].map((s) => Type.Literal(s))),
        ),
        ...PAGE_FIELDS,
      },
      { additionalProperties: false },
    ),
    params: {
      status: "pending (default) | approved | rejected | cancelled",
      limit: "How many drafts per page (default 100)",
      cursor: PAGE_PARAMS.cursor,
    },
    output: pageOf(DraftView),
    write: false,
    run: async (ctx, q) => {
      const page = await listDrafts(ctx.db, ctx.principal, q as any);
      return { items: page.items.map(draftView), next_cursor: page.next_cursor };
    },
  }),
  defineTool({
    name: "get_staged_draft",
    title: "One staged draft",
    description: "One staged touch and its decision (approved, edited, rejected with reason).",
    input: Type.Object({ draft_id: Uuid }, { additionalProperties: false }),
    params: { draft_id: "The staged draft's id (from submit_draft or list_staged_drafts)" },
    output: DraftView,
    write: false,
    run: async (ctx, { draft_id }) => draftView(await getDraft(ctx.db, ctx.principal, draft_id)),
  }),
  defineTool({
    name: "classify_reply",
    title: "Classify a reply (no action)",
    description:
      "Classify an inbound reply's intent with the classifier report_reply uses, and say what reporting it " +
      "would do. Writes nothing.",
    // POST /api/v1/replies/classify's body; the result adds what reporting the reply would do
    input: Type.Object(
      { text: Type.String({ minLength: 1, maxLength: 50_000 }), received_at: Type.Optional(IsoTime) },
      { additionalProperties: false },
    ),
    params: {
      text: "The reply's text",
      received_at: "When it arrived (ISO time; default now): dates an out-of-office return",
    },
    output: Type.Object({
      intent: Type.Union(REPLY_INTENTS.map((i) => Type.Literal(i))),
      confidence: Type.Number(),
      classified_by: Type.String({ description: "The rule or model that decided" }),
      return_date: Type.Union([IsoTime, Type.Null()], {
        description: "For out_of_office: when the person is back",
      }),
      if_reported: Type.String({ description: "What report_reply would do with this reply" }),
    }),
    write: false,
    run: async (ctx, b) => {
      const c = await classifyReply(
        ctx.principal,
        b.text,
        b.received_at ? new Date(b.received_at) : ctx.now(),
      );
      return {
        intent: c.intent,
        confidence: c.confidence,
        classified_by: c.by,
        return_date: c.returnDate ? c.returnDate.toISOString() : null,
        if_reported: replyEffect(c.intent),
      };
    },
  }),
  defineTool({
    name: "report_reply",
    title: "Report a reply",
    description:
      "Report an inbound reply (spec 002 process_reply): it is classified and logged. Baton exits, opts out or " +
      "pauses only on a sure reading; otherwise the enrollment is held and the reply waits in the triage queue " +
      "(action held: list_reply_triage). A message_id makes a repeated report count once.",
    input: ReplyBody,
    params: {
      contact_id: "The contact who replied (uuid); or give email",
      email: "The sender's address, when contact_id is unknown",
      text: "The reply's text",
      received_at: "When it arrived (ISO time)",
      channel: "email (default) or linkedin",
      enrollment_id: "The enrollment it answers (uuid), when known",
    },
    output: ReplyResult,
    write: true,
    run: (ctx, b) =>
      processReply(
        ctx.db,
        ctx.principal,
        {
          contactId: b.contact_id,
          email: b.email,
          text: b.text,
          receivedAt: new Date(b.received_at),
          channel: b.channel as ChannelName | undefined,
          enrollmentId: b.enrollment_id,
          messageId: b.message_id,
        },
        ctx.now(),
      ),
  }),
  defineTool({
    name: "prospect_timeline",
    title: "A prospect's timeline",
    description:
      "Every event of a contact in order (spec 001 CadenceEventLog): each gate decision with its reason and " +
      "release time, touches, replies and exits, with the play, proposal and campaign they came from.",
    input: Type.Object(
      { contact_id: TimelineParams.properties.id, ...TimelineQuery.properties },
      { additionalProperties: false },
    ),
    params: { contact_id: "The contact (uuid)", ...PAGE_PARAMS },
    output: Type.Object({
      contact: Type.Object(
        { contact_id: Type.String(), full_name: Type.String(), opted_out: Type.Boolean() },
        { additionalProperties: true },
      ),
      items: Type.Array(LooseEvent),
      next_cursor: Type.Union([Type.String(), Type.Null()]),
    }),
    write: false,
    run: (ctx, { contact_id, ...q }) => contactTimeline(ctx.db, ctx.principal, contact_id, q),
  }),
];
