// POST /api/v1/signals/sources/:id/rotate: A new shared secret for a source (revops, admin); without one Baton makes it and shows it once.
// Registered by signal-sources-routes.ts.
import { Type } from "typebox";
import { rotateSignalSourceSecret } from "../../../signals/index.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { type keysOf, Secret, SOURCES, Source } from "./common.ts";

export const postSignalSourceRotateRoute = (
  app: BatonApp,
  deps: AppDeps,
  keys: ReturnType<typeof keysOf>,
) => {
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
    async (req) => rotateSignalSourceSecret(deps.db, req.principal, keys, req.params.id, req.body.secret),
  );
};
