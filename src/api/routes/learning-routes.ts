// Learning (issue 13, docs/learning.md): step funnels, A/B variants and winner promotion,
// retrospectives from the numbers, agent calibration by quarter. Thin over src/learning.
import { Type } from "typebox";
import { requireRole } from "../../auth/principal.ts";
import {
  calibrationAs,
  campaignFunnelAs,
  campaignVariants,
  decideRetrospective,
  draftRetrospective,
  listRetrospectives,
  playFunnelAs,
  promoteVariant,
  LEARNING_READER_ROLES as READERS,
  retrospectivesAs,
} from "../../learning/index.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, PageQuery, pageOf, stdErrors } from "../schemas.ts";

const Any = (description: string) => Type.Unknown({ description });
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 64, description: "campaign slug or id" }) });
const PlayParams = Type.Object({ id: IdParam("play") });
const Day = Type.String({ format: "date", description: "YYYY-MM-DD" });
const FunnelQuery = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day) },
  { additionalProperties: false },
);
const Rate = Type.Number({ minimum: 0, maximum: 1 });
const Outcomes = Type.Object(
  {
    meeting_rate: Type.Optional(Rate),
    opp_create_rate: Type.Optional(Rate),
    acv: Type.Optional(Type.Number({ minimum: 0 })),
    sample_size: Type.Optional(Type.Integer({ minimum: 0 })),
    period: Type.Optional(Type.String({ maxLength: 40 })),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const learningRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/learning/campaigns/:slug/funnel",
    {
      schema: {
        tags: ["learning"],
        summary: "Step funnel of a campaign: per step and variant, by week (from the rollup)",
        params: SlugParams,
        querystring: FunnelQuery,
        response: { 200: Any("Funnel (docs/learning.md)"), ...stdErrors },
      },
    },
    async (req) => campaignFunnelAs(deps.db, req.principal, req.params.slug, req.query),
  );

  app.get(
    "/api/v1/learning/plays/:id/funnel",
    {
      schema: {
        tags: ["learning"],
        summary: "Step funnel of a play (its campaigns together)",
        params: PlayParams,
        querystring: FunnelQuery,
        response: { 200: Any("Funnel (docs/learning.md)"), ...stdErrors },
      },
    },
    async (req) => playFunnelAs(deps.db, req.principal, req.params.id, req.query),
  );

  app.get(
    "/api/v1/learning/campaigns/:slug/variants",
    {
      schema: {
        tags: ["learning"],
        summary: "A/B variants per step: rates, z-test, probability better, sends to go, winner",
        params: SlugParams,
        response: { 200: Any("{ campaign, steps: StepVariantsReport[] }"), ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "read variants", ...READERS);
      return campaignVariants(deps.db, req.principal.clientId, req.params.slug);
    },
  );

  app.post(
    "/api/v1/learning/campaigns/:slug/steps/:step/promote",
    {
      schema: {
        tags: ["learning"],
        summary: "Promote a step's winning variant (RevOps): logged; the others stop being assigned",
        params: Type.Object({
          slug: Type.String({ maxLength: 64, description: "The campaign's slug (or id)" }),
          step: Type.Integer({ minimum: 1, maximum: 100, description: "The step's number in the campaign" }),
        }),
        body: Type.Object({ variant: Type.String({ maxLength: 16 }) }, { additionalProperties: false }),
        response: { 200: Any("StepVariantsReport"), ...stdErrors },
      },
    },
    async (req) =>
      promoteVariant(
        deps.db,
        req.principal,
        { campaign: req.params.slug, step: req.params.step, variant: req.body.variant },
        deps.now(),
      ),
  );

  app.get(
    "/api/v1/learning/retrospectives",
    {
      schema: {
        tags: ["learning"],
        summary: "Retrospectives of every play, newest window first; 50 a page unless limit says",
        querystring: PageQuery,
        response: { 200: pageOf(Any("RetrospectiveView")), ...stdErrors },
      },
    },
    async (req) => retrospectivesAs(deps.db, req.principal, req.query),
  );

  app.get(
    "/api/v1/learning/plays/:id/retrospectives",
    {
      schema: {
        tags: ["learning"],
        summary:
          "A play's retrospectives with their revisions, newest window first; 50 a page unless limit says",
        params: PlayParams,
        querystring: PageQuery,
        response: { 200: pageOf(Any("RetrospectiveView")), ...stdErrors },
      },
    },
    async (req) => retrospectivesAs(deps.db, req.principal, { playId: req.params.id, ...req.query }),
  );

  app.post(
    "/api/v1/learning/plays/:id/retrospectives",
    {
      schema: {
        tags: ["learning"],
        summary:
          "Draft a retrospective now for a window (RevOps); the job drafts one when the evaluation window ends",
        params: PlayParams,
        body: Type.Object(
          {
            window_start: Type.String({ format: "date-time" }),
            window_end: Type.Optional(Type.String({ format: "date-time" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Any("RetrospectiveView")) }), ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "draft a retrospective", "revops");
      const end = req.body.window_end ? new Date(req.body.window_end) : deps.now();
      await draftRetrospective(
        deps.db,
        req.principal.clientId,
        req.params.id,
        new Date(req.body.window_start),
        end,
      );
      return { items: await listRetrospectives(deps.db, req.principal.clientId, { playId: req.params.id }) };
    },
  );

  app.post(
    "/api/v1/learning/retrospectives/:id/decide",
    {
      schema: {
        tags: ["learning"],
        summary: "Confirm a retrospective draft or amend its outcomes (RevOps); kept as a revision",
        params: PlayParams,
        body: Type.Object(
          {
            action: Type.Union([Type.Literal("confirm"), Type.Literal("amend")]),
            outcomes: Type.Optional(Outcomes),
            notes: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Any("RetrospectiveView"), ...stdErrors },
      },
    },
    async (req) => decideRetrospective(deps.db, req.principal, req.params.id, req.body, deps.now()),
  );

  app.get(
    "/api/v1/learning/agents/calibration",
    {
      schema: {
        tags: ["learning"],
        summary:
          "Per brain agent and quarter: promotion rate (target ≥ 30%), edit volume, retrospective hit rate",
        response: { 200: Any("AgentCalibration"), ...stdErrors },
      },
    },
    async (req) => calibrationAs(deps.db, req.principal),
  );
};
