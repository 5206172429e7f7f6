// POST /api/v1/learning/plays/:id/retrospectives: Draft a retrospective now for a window (RevOps); the job drafts one when the evaluation window ends.
// Registered by learning-routes.ts.
import { Type } from "typebox";
import { requireRole } from "../../../auth/principal.ts";
import { draftRetrospective, listRetrospectives } from "../../../learning/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Any, PlayParams } from "./common.ts";

export const createLearningPlayRetrospectiveRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/learning/plays/:id/retrospectives",
    {
      schema: {
        tags: ["learning"],
        summary:
          "Draft a retrospective now for a window (RevOps); the job drafts one when the evaluation window ends",
        params: PlayParams,
        body: Type.Object(
          {
            window_start: Type.String({ format: "date-time" }),
            window_end: Type.Optional(Type.String({ format: "date-time" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Any("RetrospectiveView")) }), ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "draft a retrospective", "revops");
      const end = req.body.window_end ? new Date(req.body.window_end) : deps.now();
      await draftRetrospective(
        deps.db,
        req.principal.clientId,
        req.params.id,
        new Date(req.body.window_start),
        end,
      );
      return { items: await listRetrospectives(deps.db, req.principal.clientId, { playId: req.params.id }) };
    },
  );
};
