// PATCH /api/v1/territories/:id: Change a territory's name, team, priority or definition, or preview who moves (RevOps, admin; audited territory_changed).
// Registered by territories-routes.ts.
import { Type } from "typebox";
import { changeTerritory, TerritoryDefinition } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { DryRun, IdParams, Name, Priority, tags, Uuid, WriteResult } from "./common.ts";

export const updateTerritoryRoute: RouteModule = (app, deps) => {
  app.patch(
    "/api/v1/territories/:id",
    {
      schema: {
        tags,
        summary:
          "Change a territory's name, team, priority or definition, or preview who moves (RevOps, admin; audited territory_changed)",
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            team_id: Type.Optional(Uuid),
            priority: Type.Optional(Priority),
            definition: Type.Optional(TerritoryDefinition),
            dry_run: Type.Optional(DryRun),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: WriteResult, ...stdErrors },
      },
    },
    async (req) => {
      const { dry_run, ...change } = req.body;
      return changeTerritory(deps.db, req.principal, req.params.id, change, {
        dryRun: dry_run,
        source: auditSourceOf(req),
      });
    },
  );
};
