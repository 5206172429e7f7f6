// POST /api/v1/plays/:playId/retire: Retire a play (RevOps) with a retire_reason; frees cap capacity at once.
// Registered by plays-routes.ts.
import { retirePlay } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PlayIdParams, RetireBody } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { PlayRef, p, tags } from "./common.ts";

export const postPlayRetireRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/plays/:playId/retire",
    {
      schema: {
        tags,
        summary: "Retire a play (RevOps) with a retire_reason; frees cap capacity at once",
        params: PlayIdParams,
        body: RetireBody,
        response: { 200: PlayRef, ...stdErrors },
      },
    },
    async (req) =>
      retirePlay(deps.db, p(req), req.params.playId, (req.body as any).retire_reason, deps.now()),
  );
};
