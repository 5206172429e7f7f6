// POST /api/v1/drafting-tasks/:id/submit: Submit the draft of a leased task (agent); it lands in staged_drafts for approval.
// Registered by engine-task-routes.ts.
import { requireAgent } from "../../../auth/principal.ts";
import { draftView, submitDraft } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { DraftView, IdParams, SubmitDraftBody } from "../../schemas/engine.ts";
import { stdErrors } from "../../schemas.ts";

export const postDraftingTaskSubmitRoute: RouteModule = (app, deps) => {
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
};
