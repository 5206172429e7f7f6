// POST /api/v1/plays/:playId/pickup: Pick up a draft for review (RevOps or SLM): draft -> under_review.
// Registered by plays-routes.ts.
import { pickUpPlay } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PlayIdParams } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { PlayRef, p, tags } from "./common.ts";

export const postPlayPickupRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/plays/:playId/pickup",
    {
      schema: {
        tags,
        summary: "Pick up a draft for review (RevOps or SLM): draft -> under_review",
        params: PlayIdParams,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) => pickUpPlay(deps.db, p(req), req.params.playId, deps.now()),
  );
};
