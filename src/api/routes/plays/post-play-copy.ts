// POST /api/v1/plays/:playId/copy: Copy a retired play into a new draft (RevOps or SLM); the copy records its origin.
// Registered by plays-routes.ts.
import { copyRetiredPlay } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PlayIdParams } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { PlayRef, p, tags } from "./common.ts";

export const postPlayCopyRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/plays/:playId/copy",
    {
      schema: {
        tags,
        summary: "Copy a retired play into a new draft (RevOps or SLM); the copy records its origin",
        params: PlayIdParams,
        response: { 201: PlayRef, ...stdErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await copyRetiredPlay(deps.db, p(req), req.params.playId, deps.now())),
  );
};
