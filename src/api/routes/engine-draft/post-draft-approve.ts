// POST /api/v1/drafts/:id/approve: Approve a draft (exec); give body/subject to edit then approve (the original is kept).
// Registered by engine-draft-routes.ts.
import { Type } from "typebox";
import { decideDraft, draftView } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { DraftView } from "../../schemas/engine.ts";
import { IdParam, Nullable, stdErrors } from "../../schemas.ts";

export const postDraftApproveRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/drafts/:id/approve",
    {
      schema: {
        tags: ["drafts"],
        summary: "Approve a draft (exec); give body/subject to edit then approve (the original is kept)",
        params: Type.Object({ id: IdParam("staged draft") }),
        body: Type.Object(
          {
            body: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
            subject: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          },
          { description: "{} approves as drafted" },
        ),
        response: { 200: DraftView, ...stdErrors },
      },
    },
    async (req) => {
      const b = (req.body ?? {}) as { body?: string; subject?: string | null };
      const id = (req.params as { id: string }).id;
      return draftView(
        await decideDraft(deps.db, req.principal, id, { action: "approve", ...b }, deps.now()),
      );
    },
  );
};
