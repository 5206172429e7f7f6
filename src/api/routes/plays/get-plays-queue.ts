// GET /api/v1/plays/queue: The workspace queue: draft and under_review plays, newest first.
// Registered by plays-routes.ts.
import { listQueue } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PlayPage, QueueQuery } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { p, tags } from "./common.ts";

export const getPlaysQueueRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/queue",
    {
      schema: {
        tags,
        summary: "The workspace queue: draft and under_review plays, newest first",
        querystring: QueueQuery,
        response: { 200: PlayPage, ...stdErrors },
      },
    },
    async (req) => listQueue(deps.db, p(req), req.query as any, deps.now()),
  );
};
