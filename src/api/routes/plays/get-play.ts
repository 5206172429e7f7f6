// GET /api/v1/plays/:playId: One play (live or archived) with its history.
// Registered by plays-routes.ts.
import { getPlay, playHistory } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PlayIdParams, PlayWithHistory } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { p, tags } from "./common.ts";

export const getPlayRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/:playId",
    {
      schema: {
        tags,
        summary: "One play (live or archived) with its history",
        params: PlayIdParams,
        response: { 200: PlayWithHistory, ...stdErrors },
      },
    },
    async (req) => {
      const play = await getPlay(deps.db, p(req), req.params.playId, deps.now());
      return { play, history: playHistory(play) };
    },
  );
};
