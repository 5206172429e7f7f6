// DELETE /api/v1/signals/sources/:id: Remove a webhook source (revops, admin); its signals stay.
// Registered by signal-sources-routes.ts.
import { Type } from "typebox";
import { removeSignalSource } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { SOURCES } from "./common.ts";

export const deleteSignalSourceRoute: RouteModule = (app, deps) => {
  app.delete(
    `${SOURCES}/:id`,
    {
      schema: {
        tags: ["signals"],
        summary: "Remove a webhook source (revops, admin); its signals stay",
        params: Type.Object({ id: IdParam("signal source") }),
        response: { 200: Type.Object({ source_id: Type.String(), removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => removeSignalSource(deps.db, req.principal, req.params.id),
  );
};
