// GET /api/v1/learning/retrospectives: Retrospectives of every play, newest window first; 50 a page unless limit says.
// Registered by learning-routes.ts.
import { retrospectivesAs } from "../../../learning/index.ts";
import type { RouteModule } from "../../context.ts";
import { PageQuery, pageOf, stdErrors } from "../../schemas.ts";
import { Any } from "./common.ts";

export const listLearningRetrospectivesRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/learning/retrospectives",
    {
      schema: {
        tags: ["learning"],
        summary: "Retrospectives of every play, newest window first; 50 a page unless limit says",
        querystring: PageQuery,
        response: { 200: pageOf(Any("RetrospectiveView")), ...stdErrors },
      },
    },
    async (req) => retrospectivesAs(deps.db, req.principal, req.query),
  );
};
