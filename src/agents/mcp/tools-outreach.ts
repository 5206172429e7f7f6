// Outreach tools (spec 001, spec 002): sales and BDR agents request enrollments (the coordinator
// decides), lease drafting tasks and submit drafts, report replies, and read a prospect's timeline.
import { Type } from "typebox";
import { EnrollBody, ReplyBody, SlugParams } from "../../api/routes/campaigns-schemas.ts";
import { TimelineParams, TimelineQuery } from "../../api/routes/coordinator-events-routes.ts";
import {
  DraftingTasksQuery,
  IdParams,
  SubmitDraftBody,
  taskView,
} from "../../api/routes/engine-task-routes.ts";
import { requireAgent } from "../../auth/principal.ts";
import { enrollContact } from "../../campaigns/enroll-contact.ts";
import { processReply } from "../../campaigns/process-reply.ts";
import { contactTimeline } from "../../coordinator/events/contact-timeline.ts";
import { leaseDraftingTask, listDraftingTasks, submitDraft } from "../../engine/drafting-tasks.ts";
import { engineDepsFor } from "../../engine/engine-deps-cache.ts";
import { draftView } from "../../engine/read-drafts.ts";
import { defineTool } from "./tool.ts";

// POST /api/v1/campaigns/:slug/enrollments: the path's slug + the body
const RequestEnrollmentInput = Type.Object(
  { campaign: SlugParams.properties.slug, ...EnrollBody.properties },
  { additionalProperties: false },
);
// GET /api/v1/contacts/:id/timeline: the path's id + the query
const TimelineInput = Type.Object(
  { contact_id: TimelineParams.properties.id, ...TimelineQuery.properties },
  { additionalProperties: false },
);
// the drafting-task routes: GET /api/v1/drafting-tasks, POST .../:id/lease, POST .../:id/submit
const TaskInput = Type.Object({ task_id: IdParams.properties.id }, { additionalProperties: false });
const SubmitDraftInput = Type.Object(
  { task_id: IdParams.properties.id, ...SubmitDraftBody.properties },
  { additionalProperties: false },
);

export const outreachTools = [
  defineTool({
    name: "request_enrollment",
    title: "Request an enrollment",
    description:
      "Ask to enroll a contact in a campaign (spec 002 enroll_contact). The coordinator's activation gates " +
      "decide (spec 001): outcome enrolled | queued | held | blocked, with decision.gate, decision.reason and " +
      "decision.until (when a hold or queue releases).",
    input: RequestEnrollmentInput,
    write: true,
    run: (ctx, { campaign, contact_id, goal, notes }) =>
      enrollContact(
        ctx.db,
        ctx.principal,
        { campaign, contactId: contact_id, goal: goal as any, notes },
        ctx.now(),
      ),
  }),
  defineTool({
    name: "list_drafting_tasks",
    title: "Open drafting tasks",
    description: "Touches waiting for an agent to draft them (open, lease free or ended), oldest first.",
    input: DraftingTasksQuery,
    write: false,
    run: async (ctx, { limit }) => ({
      tasks: (await listDraftingTasks(ctx.db, ctx.principal, ctx.now(), limit ?? 50)).map(taskView),
    }),
  }),
  defineTool({
    name: "lease_drafting_task",
    title: "Lease a drafting task",
    description:
      "Take a drafting task for this agent (10 minutes). The task's input says who to write to, the step's " +
      "channel, content type and writing instructions. Submit the draft before the lease ends.",
    input: TaskInput,
    write: true,
    run: async (ctx, { task_id }) => {
      requireAgent(ctx.principal, "lease drafting tasks");
      const engine = await engineDepsFor(ctx);
      return taskView(
        await leaseDraftingTask(
          ctx.db,
          ctx.principal.clientId,
          ctx.principal.agentId!,
          task_id,
          ctx.now(),
          engine.draftingLeaseMs,
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
    input: SubmitDraftInput,
    write: true,
    run: async (ctx, { task_id, subject, body }) => {
      requireAgent(ctx.principal, "submit drafts");
      const engine = await engineDepsFor(ctx);
      return draftView(
        await submitDraft(
          ctx.db,
          ctx.principal.clientId,
          ctx.principal.agentId!,
          task_id,
          { subject: subject ?? null, body },
          ctx.now(),
          engine.senderName,
        ),
      );
    },
  }),
  defineTool({
    name: "report_reply",
    title: "Report a reply",
    description:
      "Report an inbound reply (spec 002 process_reply): it is classified and logged, and the enrollment " +
      "continues, pauses (out of office) or exits. A message_id makes a repeated report count once.",
    input: ReplyBody,
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
          channel: b.channel as "email" | "linkedin" | undefined,
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
    input: TimelineInput,
    write: false,
    run: (ctx, { contact_id, ...q }) => contactTimeline(ctx.db, ctx.principal, contact_id, q),
  }),
];
