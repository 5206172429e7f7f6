// PUT /api/v1/plays/:playId/retrospective: Record retrospective outcomes of an active or retired play (RevOps).
// Registered by plays-routes.ts.
import { recordRetrospective } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PlayIdParams, RetrospectiveBody } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { PlayRef, p, tags } from "./common.ts";

export const putPlayRetrospectiveRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/plays/:playId/retrospective",
    {
      schema: {
        tags,
        summary: "Record retrospective outcomes of an active or retired play (RevOps)",
        params: PlayIdParams,
        body: RetrospectiveBody,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) =>
      recordRetrospective(deps.db, p(req), req.params.playId, (req.body as any).outcomes, deps.now()),
  );
};
