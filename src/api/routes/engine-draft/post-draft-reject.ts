// POST /api/v1/drafts/:id/reject: Reject a draft (exec); its touch is cancelled.
// Registered by engine-draft-routes.ts.
import { Type } from "typebox";
import { decideDraft, draftView } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { DraftView } from "../../schemas/engine.ts";
import { IdParam, stdErrors } from "../../schemas.ts";

export const postDraftRejectRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/drafts/:id/reject",
    {
      schema: {
        tags: ["drafts"],
        summary: "Reject a draft (exec); its touch is cancelled",
        params: Type.Object({ id: IdParam("staged draft") }),
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 200: DraftView, ...stdErrors },
      },
    },
    async (req) => {
      const reason = ((req.body ?? {}) as { reason?: string }).reason ?? null;
      const id = (req.params as { id: string }).id;
      return draftView(
        await decideDraft(deps.db, req.principal, id, { action: "reject", reason }, deps.now()),
      );
    },
  );
};
