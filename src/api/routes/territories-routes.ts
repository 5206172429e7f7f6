// Territories, account owners and assignment (issue 61 item 1): everyone of the workspace reads the
// territories; RevOps and admins create, change and delete them (each write can be a dry run that
// answers with who moves), set an account's owner, name a person's CRM user id, and route the
// contacts that have no owner (src/teams/; each change audited).
import { Type } from "typebox";
import {
  assignUnownedContacts,
  changeTerritory,
  createTerritory,
  deleteTerritory,
  listTerritories,
  setAccountOwner,
  setCrmUserId,
  TerritoryDefinition,
} from "../../teams/index.ts";
import { auditSourceOf } from "../audit-source.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, stdErrors } from "../schemas.ts";

const Uuid = Type.String({ format: "uuid" });
const Name = Type.String({
  minLength: 1,
  maxLength: 80,
  description: "unique in the workspace, whatever its case",
});
const Priority = Type.Integer({
  minimum: 1,
  maximum: 10000,
  description: "when several territories match an account, the lowest number wins (then the name)",
});
const DryRun = Type.Boolean({ description: "true: change nothing, answer with the preview of who moves" });

const Territory = Type.Object({
  territory_id: Uuid,
  name: Type.String(),
  team_id: Uuid,
  team_name: Type.String(),
  priority: Type.Integer(),
  definition: TerritoryDefinition,
  accounts: Type.Integer({ description: "accounts that fall in this territory now" }),
  updated_at: Type.String({ format: "date-time" }),
});

const Ref = Type.Union([
  Type.Object({ territory_id: Uuid, name: Type.String(), team_name: Type.String() }),
  Type.Null(),
]);

const Preview = Type.Object({
  accounts_moving: Type.Integer({ description: "accounts whose territory (and so team) changes" }),
  contacts_moving: Type.Integer({ description: "the contacts of those accounts" }),
  sample: Type.Array(
    Type.Object({
      account_id: Uuid,
      account_name: Type.String(),
      contacts: Type.Integer(),
      from: Ref,
      to: Ref,
    }),
    { description: "up to 20 of the accounts that move, by name" },
  ),
});

const WriteResult = Type.Object({
  saved: Type.Boolean({ description: "false: a dry run, nothing was changed" }),
  territory: Type.Union([Territory, Type.Null()]),
  preview: Preview,
});

const AssignResult = Type.Object({
  saved: Type.Boolean(),
  assigned: Type.Integer({ description: "contacts that got an owner" }),
  by_account_owner: Type.Integer({ description: "of those, through their account's owner" }),
  accounts_by_turn: Type.Integer({ description: "accounts that got an owner by their team's turn" }),
  unrouted: Type.Integer({
    description: "contacts left without owner (no account, no territory, no member)",
  }),
});

const IdParams = Type.Object({ id: IdParam("territory") });

export const territoriesRoutes: RouteModule = (app, deps) => {
  const tags = ["territories"];

  app.get(
    "/api/v1/territories",
    {
      schema: {
        tags,
        summary: "The workspace's territories in the order that decides (everyone signed in)",
        response: { 200: Type.Object({ items: Type.Array(Territory) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listTerritories(deps.db, req.principal) }),
  );

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

  app.put(
    "/api/v1/accounts/:id/owner",
    {
      schema: {
        tags: ["accounts"],
        summary:
          "Give an account an owner (an active person), or none (RevOps, admin; audited account_owner_set)",
        params: Type.Object({ id: IdParam("account") }),
        body: Type.Object(
          { owner_principal_id: Type.Union([Uuid, Type.Null()]) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ account_id: Uuid, owner_principal_id: Type.Union([Uuid, Type.Null()]) }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      setAccountOwner(deps.db, req.principal, req.params.id, req.body.owner_principal_id, auditSourceOf(req)),
  );

  app.put(
    "/api/v1/admin/people/:id/crm-user",
    {
      schema: {
        tags: ["admin"],
        summary:
          "Name a person's user id in the connected CRM, so the CRM's owner of a contact names them (RevOps, admin; audited person_crm_user_set)",
        params: Type.Object({ id: IdParam("person") }),
        body: Type.Object(
          { crm_user_id: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ principal_id: Uuid, crm_user_id: Type.Union([Type.String(), Type.Null()]) }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      setCrmUserId(deps.db, req.principal, req.params.id, req.body.crm_user_id, auditSourceOf(req)),
  );
};
