// /api/v1/coordinator: activation requests, step gating, opt-out, cap config (spec 001).
// Thin: parse, call one domain function, map the result.
import { Type } from "typebox";
import type { Decision } from "../../coordinator/contract.ts";
import {
  gateStepAs,
  getAccountTouchCap,
  getCoordinatorConfig,
  optOutAs,
  requestActivationAs,
  setAccountTouchCap,
  setCoordinatorConfig,
} from "../../coordinator/index.ts";
import type { RouteModule } from "../context.ts";
import { IdParam, stdErrors, Uuid } from "../schemas.ts";

const tags = ["coordinator"];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const AccountTouchCap = Type.Object(
  {
    account_id: Type.String(),
    name: Type.String(),
    segment: Nullable(Type.String()),
    weekly_touch_cap: Nullable(Type.Integer({ description: "the account's own cap; null: its segment's" })),
    segment_cap: Nullable(Type.Integer({ description: "its segment's cap for its accounts; null: none" })),
    effective_cap: Nullable(
      Type.Integer({ description: "the cap gate 3 counts: the account's, else the segment's; null: none" }),
    ),
  },
  { description: "An account's weekly touch cap (issue 61 item 5)" },
);

const DecisionBody = {
  decision: Type.Union([
    Type.Literal("allow"),
    Type.Literal("hold"),
    Type.Literal("queue"),
    Type.Literal("block"),
  ]),
  gate: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  reason: Nullable(Type.String()),
  until: Nullable(Type.String({ format: "date-time" })),
  event_id: Type.Integer(),
  touch_cap_at_event: Type.Integer(),
};
const DecisionView = Type.Object(DecisionBody);
const ActivationResult = Type.Object({ ...DecisionBody, enrollment_id: Nullable(Type.String()) });

const view = (d: Decision) => ({
  decision: d.action,
  gate: d.gate,
  reason: d.reason,
  until: d.until ? d.until.toISOString() : null,
  event_id: d.eventId,
  touch_cap_at_event: d.touchCapAtEvent,
});

const Config = Type.Object({
  weekly_touch_cap: Type.Integer({
    minimum: 1,
    maximum: 50,
    description: "spec 001: per prospect per rolling 7 days",
  }),
  daily_touch_cap: Type.Integer({
    minimum: 1,
    maximum: 20,
    description: "spec 002: per contact per local day",
  }),
  conflict_queue_hours: Type.Integer({
    minimum: 1,
    maximum: 720,
    description: "spec 001 matrix: queue period",
  }),
});

export const coordinatorRoutes: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/coordinator/activations",
    {
      schema: {
        tags,
        summary: "Request a sequence activation; runs the five gates (allow, hold, queue or block)",
        body: Type.Object(
          {
            contact_id: Type.String({ maxLength: 64 }),
            campaign: Type.String({ minLength: 1, maxLength: 64, description: "campaign id or slug" }),
            sequence_type: Type.Optional(
              Type.String({ maxLength: 32, description: "must match the campaign's kind" }),
            ),
            goal: Type.Optional(
              Type.Union(
                ["awareness", "pipeline", "credibility", "marketing_relief"].map((g) => Type.Literal(g)),
              ),
            ),
            notes: Type.Optional(Type.String({ maxLength: 2000 })),
            originating_agent_id: Type.Optional(Type.String({ maxLength: 16 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ActivationResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const r = await requestActivationAs(
        deps.db,
        req.principal,
        {
          contactId: b.contact_id,
          campaign: b.campaign,
          sequenceType: b.sequence_type,
          goal: b.goal ?? null,
          notes: b.notes ?? null,
          originatingAgentId: b.originating_agent_id ?? null,
        },
        deps.now(),
      );
      return { ...view(r.decision), enrollment_id: r.enrollmentId };
    },
  );

  app.post(
    "/api/v1/coordinator/steps",
    {
      schema: {
        tags,
        summary: "Gate an enrollment's current step now (the engine does this for due steps)",
        body: Type.Object({ enrollment_id: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: DecisionView, ...stdErrors },
      },
    },
    async (req) => view(await gateStepAs(deps.db, req.principal, req.body.enrollment_id, deps.now())),
  );

  app.post(
    "/api/v1/contacts/:id/opt-out",
    {
      schema: {
        tags,
        summary: "Unsubscribe or opt out a lead: ends every live sequence and unsent step in one transaction",
        params: Type.Object({ id: IdParam("contact", "text") }),
        body: Type.Object(
          {
            flag: Type.Optional(
              Type.Union([Type.Literal("unsubscribe"), Type.Literal("opt_out")], { default: "opt_out" }),
            ),
            source: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            already_opted_out: Type.Boolean(),
            enrollments_terminated: Type.Integer(),
            items_cancelled: Type.Integer(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const r = await optOutAs(
        deps.db,
        req.principal,
        { contactId: req.params.id, flag: req.body?.flag ?? "opt_out", source: req.body?.source ?? "api" },
        deps.now(),
      );
      return {
        already_opted_out: r.alreadyOptedOut,
        enrollments_terminated: r.enrollmentsTerminated,
        items_cancelled: r.itemsCancelled,
      };
    },
  );

  const configView = (c: { weeklyTouchCap: number; dailyTouchCap: number; conflictQueueHours: number }) => ({
    weekly_touch_cap: c.weeklyTouchCap,
    daily_touch_cap: c.dailyTouchCap,
    conflict_queue_hours: c.conflictQueueHours,
  });

  app.get(
    "/api/v1/coordinator/config",
    {
      schema: {
        tags,
        summary: "The tenant's touch caps and conflict queue period",
        response: { 200: Config, ...stdErrors },
      },
    },
    async (req) => configView(await getCoordinatorConfig(deps.db, req.principal)),
  );

  app.put(
    "/api/v1/coordinator/config",
    {
      schema: {
        tags,
        summary: "Set the tenant's touch caps and conflict queue period (revops, admin)",
        body: Type.Partial(Config, { additionalProperties: false }),
        response: { 200: Config, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const c = await setCoordinatorConfig(
        deps.db,
        req.principal,
        {
          weeklyTouchCap: b.weekly_touch_cap,
          dailyTouchCap: b.daily_touch_cap,
          conflictQueueHours: b.conflict_queue_hours,
        },
        deps.now(),
      );
      return configView(c);
    },
  );

  const AccountParams = Type.Object({ accountId: { ...Uuid, description: "The account (uuid)" } });
  app.get(
    "/api/v1/accounts/:accountId/touch-cap",
    {
      schema: {
        tags,
        summary: "An account's weekly touch cap (issue 61): its own, its segment's and the one gate 3 counts",
        params: AccountParams,
        response: { 200: AccountTouchCap, ...stdErrors },
      },
    },
    async (req) => getAccountTouchCap(deps.db, req.principal, req.params.accountId),
  );

  app.put(
    "/api/v1/accounts/:accountId/touch-cap",
    {
      schema: {
        tags,
        summary: "Set or clear an account's own weekly touch cap, over its segment's (revops, admin)",
        params: AccountParams,
        body: Type.Object(
          {
            weekly_touch_cap: Nullable(
              Type.Integer({
                minimum: 1,
                maximum: 1000,
                description:
                  "issue 61: at most this many touches to all contacts of the account in any rolling 7 days (1 to 1000); gate 3 holds the rest (reason account_cap_exceeded, resolution account_weekly_cap); null: the segment's cap (segments' account_weekly_touch_cap), if any",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountTouchCap, ...stdErrors },
      },
    },
    async (req) =>
      setAccountTouchCap(deps.db, req.principal, req.params.accountId, req.body.weekly_touch_cap),
  );
};
