// DELETE /api/v1/territories/:id: Delete a territory (its accounts fall to the next match), or preview who moves (RevOps, admin; audited territory_deleted).
// Registered by territories-routes.ts.
import { Type } from "typebox";
import { deleteTerritory } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { DryRun, IdParams, tags, WriteResult } from "./common.ts";

export const deleteTerritoryRoute: RouteModule = (app, deps) => {
  app.delete(
    "/api/v1/territories/:id",
    {
      schema: {
        tags,
        summary:
          "Delete a territory (its accounts fall to the next match), or preview who moves (RevOps, admin; audited territory_deleted)",
        params: IdParams,
        querystring: Type.Object({ dry_run: Type.Optional(DryRun) }, { additionalProperties: false }),
        response: { 200: WriteResult, ...stdErrors },
      },
    },
    async (req) =>
      deleteTerritory(deps.db, req.principal, req.params.id, {
        dryRun: req.query.dry_run,
        source: auditSourceOf(req),
      }),
  );
};
