// POST /api/v1/drafting-tasks/:id/lease: Lease a drafting task (agent); submit before lease_expires_at.
// Registered by engine-task-routes.ts.
import { requireAgent } from "../../../auth/principal.ts";
import { leaseDraftingTask } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { DraftingTaskView, IdParams, taskView } from "../../schemas/engine.ts";
import { stdErrors } from "../../schemas.ts";

export const postDraftingTaskLeaseRoute: RouteModule = (app, deps) => {
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
};
