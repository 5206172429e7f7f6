// Teams (issue 61 item 1): everyone of the workspace reads them; RevOps and admins create, rename and
// delete teams and set who is in them (src/teams/manage-teams.ts; each change audited).
import { Type } from "typebox";
import type { TeamRole } from "../../teams/index.ts";
import {
  changeTeam,
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  removeTeamMember,
  setTeamMember,
} from "../../teams/index.ts";
import { auditSourceOf } from "../audit-source.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, stdErrors } from "../schemas.ts";

const Role = Type.Union([Type.Literal("manager"), Type.Literal("member")]);

const TeamMember = Type.Object({
  principal_id: Type.String({ format: "uuid" }),
  display_name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  active: Type.Boolean({ description: "false: the person was deactivated and keeps the membership" }),
  added_at: Type.String({ format: "date-time" }),
});

const Team = Type.Object({
  team_id: Type.String({ format: "uuid" }),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String({ format: "date-time" }),
  managers: Type.Integer({ description: "how many of the members manage the team" }),
  members: Type.Array(TeamMember, { description: "managers first, then by name" }),
});

const Name = Type.String({
  minLength: 1,
  maxLength: 80,
  description: "unique in the workspace, whatever its case",
});
const Description = Type.Union([Type.String({ maxLength: 500 }), Type.Null()]);
const TeamParams = Type.Object({ id: IdParam("team") });
const MemberParams = Type.Object({ id: IdParam("team"), principal_id: IdParam("person") });

export const teamsRoutes: RouteModule = (app, deps) => {
  const tags = ["teams"];

  app.get(
    "/api/v1/teams",
    {
      schema: {
        tags,
        summary: "The workspace's teams by name, each with its managers and members (everyone signed in)",
        response: { 200: Type.Object({ items: Type.Array(Team) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listTeams(deps.db, req.principal) }),
  );

  app.get(
    "/api/v1/teams/:id",
    {
      schema: {
        tags,
        summary: "One team with its people",
        params: TeamParams,
        response: { 200: Team, ...stdErrors },
      },
    },
    async (req) => getTeam(deps.db, req.principal, req.params.id),
  );

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

  app.patch(
    "/api/v1/teams/:id",
    {
      schema: {
        tags,
        summary: "Rename a team or change its description (RevOps, admin; audited team_changed)",
        params: TeamParams,
        body: Type.Object(
          { name: Type.Optional(Name), description: Type.Optional(Description) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Team, ...stdErrors },
      },
    },
    async (req) => changeTeam(deps.db, req.principal, req.params.id, req.body, auditSourceOf(req)),
  );

  app.delete(
    "/api/v1/teams/:id",
    {
      schema: {
        tags,
        summary:
          "Delete a team and its memberships; its people stay and its campaigns become the workspace's (RevOps, admin; audited team_deleted)",
        params: TeamParams,
        response: {
          200: Type.Object({
            team_id: Type.String({ format: "uuid" }),
            members_removed: Type.Integer(),
            campaigns_released: Type.Integer({ description: "the team's campaigns, now the workspace's" }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => deleteTeam(deps.db, req.principal, req.params.id, auditSourceOf(req)),
  );

  app.put(
    "/api/v1/teams/:id/members/:principal_id",
    {
      schema: {
        tags,
        summary:
          "Put an active person in the team as manager or member, or change their role there (RevOps, admin; audited team_member_set)",
        params: MemberParams,
        body: Type.Object({ role: Role }, { additionalProperties: false }),
        response: { 200: Team, ...stdErrors },
      },
    },
    async (req) =>
      setTeamMember(
        deps.db,
        req.principal,
        req.params.id,
        req.params.principal_id,
        req.body.role as TeamRole,
        auditSourceOf(req),
      ),
  );

  app.delete(
    "/api/v1/teams/:id/members/:principal_id",
    {
      schema: {
        tags,
        summary: "Take a person out of the team (RevOps, admin; audited team_member_removed)",
        params: MemberParams,
        response: { 200: Team, ...stdErrors },
      },
    },
    async (req) =>
      removeTeamMember(deps.db, req.principal, req.params.id, req.params.principal_id, auditSourceOf(req)),
  );
};
