// GET /api/v1/drafts/:id: One staged draft.
// Registered by engine-draft-routes.ts.
import { Type } from "typebox";
import { draftView, getDraft } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { DraftView } from "../../schemas/engine.ts";
import { IdParam, stdErrors } from "../../schemas.ts";

export const getDraftRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/drafts/:id",
    {
      schema: {
        tags: ["drafts"],
        summary: "One staged draft",
        params: Type.Object({ id: IdParam("staged draft") }),
        response: { 200: DraftView, ...stdErrors },
      },
    },
    async (req) => draftView(await getDraft(deps.db, req.principal, (req.params as { id: string }).id)),
  );
};
