// The engine's shapes that the HTTP routes (engine-draft-routes.ts, engine-task-routes.ts) and the MCP
// tools (src/agents/mcp) both answer with: staged drafts and drafting tasks (issue 59 item 3: the
// MCP server imports no route file).
import { Type } from "typebox";
import type { DraftingTask } from "../../engine/index.ts";
import { IdParam, Nullable, PageQuery } from "../schemas.ts";

export const DraftView = Type.Object({
  id: Type.String(),
  status: Type.String({ description: "pending | approved | rejected | cancelled" }),
  channel: Type.String(),
  to_id: Type.String({ description: "email address or LinkedIn URL" }),
  subject: Nullable(Type.String()),
  body: Type.String(),
  original_body: Nullable(Type.String({ description: "what the drafter wrote, when the exec edited it" })),
  context: Type.Record(Type.String(), Type.Unknown(), {
    description:
      "spec 002 staged_drafts context: contact_id, contact_name, company, campaign_slug, step_number, content_type, goal, requires_justin_send; also vertical and campaign_name (drafts staged since 2026-11-25); held_for_review: 'placeholder' when an auto_send campaign's draft waits for a person because it still holds a [bracketed] part",
  }),
  requires_personal_send: Type.Boolean({
    description: "close step: the exec sends it personally (a task, not an automatic send)",
  }),
  drafted_by: Type.String(),
  send_item_id: Nullable(Type.String()),
  decided_by_user_id: Nullable(Type.String()),
  decided_at: Nullable(Type.String()),
  reject_reason: Nullable(Type.String()),
  created_at: Type.String(),
});

export const DraftingTaskView = Type.Object({
  id: Type.String(),
  status: Type.String(),
  send_item_id: Type.String(),
  enrollment_id: Type.String(),
  input: Type.Record(Type.String(), Type.Unknown(), {
    description: "what to write: contact, account, campaign, step (template_instructions), goal, notes",
  }),
  leased_by_agent_id: Nullable(Type.String()),
  lease_expires_at: Nullable(Type.String()),
  created_at: Type.String(),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const taskView = (t: DraftingTask) => ({
  id: t.id,
  status: t.status,
  send_item_id: t.send_item_id,
  enrollment_id: t.enrollment_id,
  input: (typeof t.input === "string" ? JSON.parse(t.input) : t.input) as Record<string, unknown>,
  leased_by_agent_id: t.leased_by_agent_id,
  lease_expires_at: iso(t.lease_expires_at),
  created_at: t.created_at.toISOString(),
});
export const IdParams = Type.Object({ id: IdParam("task") });
// exported for the MCP tools (issue 6: tool inputs come from the route schemas)
export const DraftingTasksQuery = PageQuery;
export const SubmitDraftBody = Type.Object({
  body: Type.String({ minLength: 1, maxLength: 20000 }),
  subject: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});
