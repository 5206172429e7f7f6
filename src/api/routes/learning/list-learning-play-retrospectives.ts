// GET /api/v1/learning/plays/:id/retrospectives: A play's retrospectives with their revisions, newest window first; 50 a page unless limit says.
// Registered by learning-routes.ts.
import { retrospectivesAs } from "../../../learning/index.ts";
import type { RouteModule } from "../../context.ts";
import { PageQuery, pageOf, stdErrors } from "../../schemas.ts";
import { Any, PlayParams } from "./common.ts";

export const listLearningPlayRetrospectivesRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/learning/plays/:id/retrospectives",
    {
      schema: {
        tags: ["learning"],
        summary:
          "A play's retrospectives with their revisions, newest window first; 50 a page unless limit says",
        params: PlayParams,
        querystring: PageQuery,
        response: { 200: pageOf(Any("RetrospectiveView")), ...stdErrors },
      },
    },
    async (req) => retrospectivesAs(deps.db, req.principal, { playId: req.params.id, ...req.query }),
  );
};
