// POST /api/v1/learning/retrospectives/:id/decide: Confirm a retrospective draft or amend its outcomes (RevOps); kept as a revision.
// Registered by learning-routes.ts.
import { Type } from "typebox";
import { decideRetrospective } from "../../../learning/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Any, Outcomes, PlayParams } from "./common.ts";

export const postLearningRetrospectiveDecideRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/learning/retrospectives/:id/decide",
    {
      schema: {
        tags: ["learning"],
        summary: "Confirm a retrospective draft or amend its outcomes (RevOps); kept as a revision",
        params: PlayParams,
        body: Type.Object(
          {
            action: Type.Union([Type.Literal("confirm"), Type.Literal("amend")]),
            outcomes: Type.Optional(Outcomes),
            notes: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Any("RetrospectiveView"), ...stdErrors },
      },
    },
    async (req) => decideRetrospective(deps.db, req.principal, req.params.id, req.body, deps.now()),
  );
};
