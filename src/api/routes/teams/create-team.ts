// POST /api/v1/teams: Create a team (RevOps, admin; audited team_created).
// Registered by teams-routes.ts.
import { Type } from "typebox";
import { createTeam } from "../../../teams/index.ts";
import { auditSourceOf } from "../../audit-source.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Description, Name, Team, tags } from "./common.ts";

export const createTeamRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/teams",
    {
      schema: {
        tags,
        summary: "Create a team (RevOps, admin; audited team_created)",
        body: Type.Object(
          { name: Name, description: Type.Optional(Description) },
          { additionalProperties: false },
        ),
        response: { 201: Team, ...stdErrors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createTeam(deps.db, req.principal, req.body, auditSourceOf(req))),
  );
};
