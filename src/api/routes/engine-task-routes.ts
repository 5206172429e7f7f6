// Drafting tasks (agents draft touches: list, lease, submit) and rep tasks (LinkedIn touches and
// personal sends: mark done → the touch is recorded; the queue itself is rep-task-queue-routes.ts).
// Thin over src/engine.
import { Type } from "typebox";
import { requireAgent } from "../../auth/principal.ts";
import { EXIT_REASONS } from "../../campaigns/index.ts";
import { TASK_OUTCOMES } from "../../channels/contract.ts";
import type { PageArgs } from "../../db/page-cursor.ts";
import type { TaskDone } from "../../engine/index.ts";
import {
  completeRepTask,
  completeRepTasks,
  draftView,
  leaseDraftingTask,
  listDraftingTasks,
  type RepTask,
  sendPersonally,
  submitDraft,
} from "../../engine/index.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { RouteModule } from "../context.ts";
import {
  DraftingTasksQuery,
  DraftingTaskView,
  DraftView,
  IdParams,
  SubmitDraftBody,
  taskView,
} from "../schemas/engine.ts";
import { ItemError, Nullable, pageOf, stdErrors, Uuid } from "../schemas.ts";

const RepTaskView = Type.Object({
  id: Type.String(),
  kind: Type.String({
    description:
      "linkedin_touch | phone_call (rep) | personal_send (exec sends the close step personally) | signal_follow_up (made from the Signals view: no touch, so no channel, address, enrollment or send item)",
  }),
  assignee_role: Type.String(),
  status: Type.String(),
  channel: Nullable(Type.String()),
  to_id: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  body: Type.String(),
  contact_id: Type.String(),
  enrollment_id: Nullable(Type.String()),
  send_item_id: Nullable(Type.String()),
  created_at: Type.String(),
  done_at: Nullable(Type.String()),
  outcome: Nullable(Type.String({ description: "a done call's outcome" })),
  at_once_held: Type.Optional(
    Nullable(
      Type.String({
        description:
          "a personal send of a campaign set to send at once that was not sent at once, and why (no connected mailbox, it needs consent again or is paused): it waits for the exec's click",
      }),
    ),
  ),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const repView = (t: RepTask) => ({
  id: t.id,
  kind: t.kind,
  assignee_role: t.assignee_role,
  status: t.status,
  channel: t.channel,
  to_id: t.to_id,
  subject: t.subject,
  body: t.body,
  contact_id: t.contact_id,
  enrollment_id: t.enrollment_id,
  send_item_id: t.send_item_id,
  created_at: t.created_at.toISOString(),
  done_at: iso(t.done_at),
  outcome: t.outcome,
  at_once_held: t.at_once_held ?? null,
});
/** What a person says of a done task: a call's outcome, and with a connected call an exit reason. */
const DoneBody = Type.Object(
  {
    outcome: Type.Optional(
      Type.Union(
        TASK_OUTCOMES.map((o) => Type.Literal(o)),
        { description: 'a call\'s (docs/campaigns.md "Phone calls")' },
      ),
    ),
    exit_reason: Type.Optional(
      Type.Union(
        EXIT_REASONS.map((r) => Type.Literal(r)),
        {
          description:
            "a connected call that ends the enrollment: its reason (the campaign's on_exit routes it)",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const engineTaskRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/drafting-tasks",
    {
      schema: {
        tags: ["drafting"],
        summary:
          "Open drafting tasks an agent can lease (touches waiting for a draft), oldest first; 50 a page unless limit says",
        querystring: DraftingTasksQuery,
        response: { 200: pageOf(DraftingTaskView), ...stdErrors },
      },
    },
    async (req) => {
      const page = await listDraftingTasks(deps.db, req.principal, deps.now(), req.query as PageArgs);
      return { items: page.items.map(taskView), next_cursor: page.next_cursor };
    },
  );
  app.post(
    "/api/v1/drafting-tasks/:id/lease",
    {
      schema: {
        tags: ["drafting"],
        summary: "Lease a drafting task (agent); submit before lease_expires_at",
        params: IdParams,
        response: { 200: DraftingTaskView, ...stdErrors },
      },
    },
    async (req) => {
      requireAgent(req.principal, "lease drafting tasks");
      const e = await deps.engine();
      const t = await leaseDraftingTask(
        deps.db,
        req.principal.clientId,
        req.principal.agentId!,
        (req.params as { id: string }).id,
        deps.now(),
        e.draftingLeaseMs,
        req.principal,
      );
      return taskView(t);
    },
  );
  app.post(
    "/api/v1/drafting-tasks/:id/submit",
    {
      schema: {
        tags: ["drafting"],
        summary: "Submit the draft of a leased task (agent); it lands in staged_drafts for approval",
        params: IdParams,
        body: SubmitDraftBody,
        response: { 200: DraftView, ...stdErrors },
      },
    },
    async (req) => {
      requireAgent(req.principal, "submit drafts");
      const b = req.body as { body: string; subject?: string | null };
      const e = await deps.engine();
      const d = await submitDraft(
        deps.db,
        req.principal.clientId,
        req.principal.agentId!,
        (req.params as { id: string }).id,
        { subject: b.subject ?? null, body: b.body },
        deps.now(),
        e.senderName,
        req.principal,
      );
      return draftView(d);
    },
  );
  app.post(
    "/api/v1/rep-tasks/done",
    {
      schema: {
        tags: ["tasks"],
        summary:
          "Mark many manual touches done in one transaction, in order; each gets its own result (the touch recorded, or the refusal)",
        body: Type.Object(
          { ids: Type.Array(Uuid, { minItems: 1, maxItems: 500 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                id: Type.String(),
                ok: Type.Boolean(),
                task: Type.Optional(RepTaskView),
                error: Type.Optional(ItemError),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const ids = (req.body as { ids: string[] }).ids;
      const e = await deps.engine();
      const answers = await completeRepTasks(e, req.principal, ids, deps.now());
      return {
        results: answers.map((a, i) =>
          a instanceof BatonError
            ? {
                id: ids[i],
                ok: false,
                error: a.itemError(),
              }
            : { id: ids[i], ok: true, task: repView(a) },
        ),
      };
    },
  );
  app.post(
    "/api/v1/rep-tasks/:id/done",
    {
      schema: {
        tags: ["tasks"],
        summary:
          "Mark a manual touch done: the touch is recorded (caps, event log, CRM activity); a call says its outcome",
        params: IdParams,
        body: DoneBody,
        response: { 200: RepTaskView, ...stdErrors },
      },
      // a LinkedIn touch is marked done without a body, as before calls: validated as {}
      preValidation: async (req) => {
        req.body ??= {};
      },
    },
    async (req) => {
      const e = await deps.engine();
      const said = req.body as TaskDone;
      return repView(
        await completeRepTask(e, req.principal, (req.params as { id: string }).id, deps.now(), said),
      );
    },
  );
  app.post(
    "/api/v1/rep-tasks/:id/send",
    {
      schema: {
        tags: ["tasks"],
        summary:
          "Send a close step personally in one click (issue 67 item 5): it goes out from the exec's own connected mailbox, then the task is done and the touch recorded as his",
        description:
          "The exec only. The send-time gates run first (an opt-out, a hold or a block answers as marking the task done would, and nothing is sent). MAILBOX_NOT_CONNECTED without a connected mailbox; PERSONAL_SEND_FAILED when the mailbox could not send it (the task stays open).",
        params: IdParams,
        response: { 200: RepTaskView, ...stdErrors },
      },
    },
    async (req) => {
      const e = await deps.engine();
      return repView(
        await sendPersonally(e, deps.config, req.principal, (req.params as { id: string }).id, deps.now()),
      );
    },
  );
};
