// Endpoints the workspace pages need that no domain module provides: demo sign-in, dashboard
// aggregates, contact search. Thin: parse, authorize, call one src/workspace function.
import { Type } from "typebox";
import { demoHistoryStatus } from "../../demo/demo-history.ts";
import { listDemoPrincipals } from "../../demo/list-demo-principals.ts";
import { BatonError } from "../../errors/baton-error.ts";
import {
  countQueues,
  enrollmentCounts,
  getContactSummary,
  listPrincipals,
  loadDashboard,
  previewEnrollment,
  QUEUES,
  searchContacts,
} from "../../workspace/index.ts";
import type { RouteModule } from "../context.ts";
import { ContactSummary } from "../schemas/workspace.ts";
import { Cursor, IdParam, Nullable, stdErrors, Uuid } from "../schemas.ts";

const DemoPrincipal = Type.Object({
  key: Type.String(),
  display_name: Type.String(),
  kind: Type.Union([Type.Literal("person"), Type.Literal("agent")]),
  roles: Type.Array(Type.String()),
  agent_id: Type.Union([Type.String(), Type.Null()]),
  token: Type.String(),
});

const Num = Type.Number();
const Int = Type.Integer();
const Str = Type.String();

const Dashboard = Type.Object({
  generated_at: Str,
  segments: Type.Array(Type.Object({ segment: Str, name: Str, active: Int, cap: Int })),
  review_threshold: Int,
  active_over_time: Type.Array(Type.Object({ week: Str, active: Int })),
  promotion: Type.Array(Type.Object({ agent_id: Str, quarter: Str, drafted: Int, promoted: Int, rate: Num })),
  promotion_target: Num,
  edit_volume: Type.Array(Type.Object({ agent_id: Str, plays: Int, edits: Int, per_play: Num })),
  touches_per_day: Type.Array(Type.Object({ day: Str, touches: Int })),
  suppressions: Type.Array(Type.Object({ reason: Str, action: Str, count: Int })),
  cohorts: Type.Array(
    Type.Object({
      cohort: Type.Union([Type.Literal("brain"), Type.Literal("other")]),
      sources: Int,
      enrollments: Int,
      converted: Int,
      touches: Int,
      replies: Int,
      conversion_rate: Num,
    }),
  ),
  open_flags: Int,
});

export const workspaceRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/demo/principals",
    {
      config: { public: true },
      schema: {
        tags: ["workspace"],
        summary: "Demo mode only: the demo principals and their tokens, for one-click sign-in",
        security: [],
        response: { 200: Type.Object({ items: Type.Array(DemoPrincipal) }), ...stdErrors },
      },
    },
    async (req) => {
      // outside demo mode this route does not exist (same body as any unknown route)
      if (!deps.config.demo) throw new BatonError("NOT_FOUND", { entity: "Route", id: `GET ${req.url}` });
      return { items: listDemoPrincipals() };
    },
  );

  app.get(
    "/api/v1/workspace/dashboard",
    {
      schema: {
        tags: ["workspace"],
        summary:
          "RevOps dashboard aggregates: caps, active over time, promotion, edits, touches, suppressions, cohorts",
        querystring: Type.Object({
          days: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 366,
              default: 30,
              description: "Days of daily figures (default 30)",
            }),
          ),
          weeks: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 104,
              default: 12,
              description: "Weeks of weekly figures (default 12)",
            }),
          ),
        }),
        response: { 200: Dashboard, ...stdErrors },
      },
    },
    async (req) => loadDashboard(deps.db, req.principal, deps.now(), req.query),
  );

  app.get(
    "/api/v1/me/queues",
    {
      schema: {
        tags: ["workspace"],
        summary:
          "How many items wait in each of the signed-in person's queues (issue 60: the navigation's counts); a queue of another role is left out",
        response: {
          200: Type.Object(
            Object.fromEntries(
              Object.entries(QUEUES).map(([name, roles]) => [
                name,
                Type.Optional(Type.Integer({ minimum: 0, description: `for ${roles.join(", ")}` })),
              ]),
            ),
            { additionalProperties: false },
          ),
          ...stdErrors,
        },
      },
    },
    async (req) => countQueues(deps.db, req.principal, deps.now()),
  );

  app.get(
    "/api/v1/workspace/demo-history",
    {
      schema: {
        tags: ["workspace"],
        summary:
          "Where the demo's living history stands: built in the background after the first start (issue 37 item 8)",
        response: {
          200: Type.Object({
            state: Type.Union([Type.Literal("none"), Type.Literal("building"), Type.Literal("done")]),
            days_done: Int,
            days: Int,
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => demoHistoryStatus(deps.db, req.principal.clientId),
  );

  app.get(
    "/api/v1/workspace/contacts",
    {
      schema: {
        tags: ["workspace"],
        summary: "Search prospects by name or email prefix, paged on the server",
        querystring: Type.Object({
          q: Type.Optional(
            Type.String({ maxLength: 200, description: "Words of the name, email or company" }),
          ),
          account_id: Type.Optional({ ...Uuid, description: "Only this account's contacts (uuid)" }),
          opted_out: Type.Optional(
            Type.Boolean({ description: "Only opted-out (true) or reachable (false) contacts" }),
          ),
          limit: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 200,
              default: 50,
              description: "How many contacts per page, 1 to 200 (default 50)",
            }),
          ),
          cursor: Type.Optional(Cursor),
        }),
        response: {
          200: Type.Object({ items: Type.Array(ContactSummary), next_cursor: Nullable(Str) }),
          ...stdErrors,
        },
      },
    },
    async (req) => searchContacts(deps.db, req.principal, req.query),
  );

  app.get(
    "/api/v1/workspace/contacts/:id",
    {
      schema: {
        tags: ["workspace"],
        summary: "One prospect's header: company, tier, segment, opt-out",
        params: Type.Object({ id: IdParam("contact", "text") }),
        response: { 200: ContactSummary, ...stdErrors },
      },
    },
    async (req) => getContactSummary(deps.db, req.principal, req.params.id),
  );

  app.get(
    "/api/v1/workspace/principals",
    {
      schema: {
        tags: ["workspace"],
        summary: "The tenant's people and agents by name (who picked up, edited, approved)",
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                principal_id: Str,
                display_name: Str,
                kind: Str,
                roles: Type.Array(Str),
                agent_id: Nullable(Str),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => ({ items: await listPrincipals(deps.db, req.principal) }),
  );

  app.post(
    "/api/v1/workspace/campaigns/:slug/preview",
    {
      schema: {
        tags: ["workspace"],
        summary:
          "Preview what the coordinator would decide for contacts (by id or email) before enrolling; writes nothing",
        params: Type.Object({
          slug: Type.String({ maxLength: 64, description: "The campaign's slug (or id)" }),
        }),
        body: Type.Object(
          {
            contacts: Type.Array(
              Type.Object(
                {
                  contact_id: Type.Optional(Uuid),
                  email: Type.Optional(Type.String({ maxLength: 320 })),
                },
                { additionalProperties: false, minProperties: 1 },
              ),
              { minItems: 1, maxItems: 500 },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                input: Str,
                contact_id: Nullable(Str),
                full_name: Nullable(Str),
                action: Nullable(Str),
                gate: Type.Union([Int, Type.Null()]),
                reason: Nullable(Str),
                until: Nullable(Str),
                error: Nullable(Str),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => ({
      items: await previewEnrollment(deps.db, req.principal, req.params.slug, req.body.contacts, deps.now()),
    }),
  );

  app.get(
    "/api/v1/workspace/campaigns/:slug/counts",
    {
      schema: {
        tags: ["workspace"],
        summary: "A campaign's enrollments counted by status",
        params: Type.Object({
          slug: Type.String({ maxLength: 64, description: "The campaign's slug (or id)" }),
        }),
        response: {
          200: Type.Object({ campaign_id: Str, counts: Type.Record(Str, Int) }),
          ...stdErrors,
        },
      },
    },
    async (req) => enrollmentCounts(deps.db, req.principal, req.params.slug),
  );
};
