// GET /api/v1/signals/sources: The webhook sources, with their health (events, refusals); never a secret (revops, admin).
// Registered by signal-sources-routes.ts.
import { Type } from "typebox";
import { listSignalSources } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { SOURCES, Source } from "./common.ts";

export const listSignalSourcesRoute: RouteModule = (app, deps) => {
  app.get(
    SOURCES,
    {
      schema: {
        tags: ["signals"],
        summary: "The webhook sources, with their health (events, refusals); never a secret (revops, admin)",
        response: { 200: Type.Object({ items: Type.Array(Source) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listSignalSources(deps.db, req.principal, deps.config.publicUrl) }),
  );
};
