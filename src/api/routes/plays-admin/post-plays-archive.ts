// POST /api/v1/plays/archive: Move cold plays (retired > 18 months) to the archive (RevOps or admin); audit reads still reach them.
// Registered by plays-admin-routes.ts.
import { Type } from "typebox";
import { archiveColdPlays } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postPlaysArchiveRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/plays/archive",
    {
      schema: {
        tags,
        summary:
          "Move cold plays (retired > 18 months) to the archive (RevOps or admin); audit reads still reach them",
        response: {
          200: Type.Object({
            cutoff: Type.String(),
            archived: Type.Integer(),
            kept_referenced: Type.Integer(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => archiveColdPlays(deps.db, req.principal, deps.now()),
  );
};
