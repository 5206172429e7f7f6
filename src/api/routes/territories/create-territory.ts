// POST /api/v1/territories: Create a territory, or preview who moves (RevOps, admin; audited territory_created).
// Registered by territories-routes.ts.
import { Type } from "typebox";
import { createTerritory, TerritoryDefinition } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { DryRun, Name, Priority, tags, Uuid, WriteResult } from "./common.ts";

export const createTerritoryRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/territories",
    {
      schema: {
        tags,
        summary: "Create a territory, or preview who moves (RevOps, admin; audited territory_created)",
        body: Type.Object(
          {
            name: Name,
            team_id: Uuid,
            priority: Priority,
            definition: TerritoryDefinition,
            dry_run: Type.Optional(DryRun),
          },
          { additionalProperties: false },
        ),
        response: { 200: WriteResult, 201: WriteResult, ...stdErrors },
      },
    },
    async (req, reply) => {
      const { dry_run, ...input } = req.body;
      const out = await createTerritory(deps.db, req.principal, input, {
        dryRun: dry_run,
        source: auditSourceOf(req),
      });
      return reply.code(out.saved ? 201 : 200).send(out);
    },
  );
};
