// POST /api/v1/signals/sources/:id/rotate: A new shared secret for a source (revops, admin); without one Baton makes it and shows it once.
// Registered by signal-sources-routes.ts.
import { Type } from "typebox";
import { rotateSignalSourceSecret } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { keysOf, Secret, SOURCES, Source } from "../signal-sources/common.ts";

export const postSignalSourceRotateRoute: RouteModule = (app, deps) => {
  // GET SOURCES

  app.post(
    `${SOURCES}/:id/rotate`,
    {
      schema: {
        tags: ["signals"],
        summary:
          "A new shared secret for a source (revops, admin); without one Baton makes it and shows it once",
        params: Type.Object({ id: IdParam("signal source") }),
        body: Type.Object({ secret: Type.Optional(Secret) }, { additionalProperties: false }),
        response: { 200: Source, ...stdErrors },
      },
    },
    async (req) =>
      rotateSignalSourceSecret(deps.db, req.principal, keysOf(deps), req.params.id, req.body.secret),
  );
};
