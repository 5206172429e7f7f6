// POST /api/v1/territories/assign: Give an owner to every contact that has none (account owner, else the territory's team in turn), or count them (RevOps, admin; audited contacts_assigned).
// Registered by territories-routes.ts.
import { Type } from "typebox";
import { assignUnownedContacts } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { AssignResult, DryRun, tags } from "./common.ts";

export const postTerritoriesAssignRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/territories/assign",
    {
      schema: {
        tags,
        summary:
          "Give an owner to every contact that has none (account owner, else the territory's team in turn), or count them (RevOps, admin; audited contacts_assigned)",
        body: Type.Object({ dry_run: Type.Optional(DryRun) }, { additionalProperties: false }),
        response: { 200: AssignResult, ...stdErrors },
      },
    },
    async (req) =>
      assignUnownedContacts(deps.db, req.principal, { dryRun: req.body.dry_run, source: auditSourceOf(req) }),
  );
};
