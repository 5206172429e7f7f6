// Signals (issue 69, docs/signals.md): POST /api/v1/signals records a batch (idempotent by each
// signal's dedup key, source + external_id), and the catalogue and page rules are read and changed
// here. Thin over src/signals.
import { Type } from "typebox";
import {
  addPageRule,
  ingestSignals,
  listPageRules,
  listSignalTypes,
  removePageRule,
  removeSignalType,
  setSignalType,
  signalInputOf,
} from "../../signals/index.ts";
import { ACCOUNT_REACHES, PAGE_RULE_KINDS, SIGNAL_SIDES } from "../../signals/tables.ts";
import type { RouteModule } from "../context.ts";
import {
  RecordSignalsBody,
  RecordSignalsResult,
  SignalTypeName,
  SignalTypeView,
} from "../schemas/signals.ts";
import { IdParam, stdErrors } from "../schemas.ts";

const PageRule = Type.Object({
  rule_id: Type.String(),
  kind: Type.Union(PAGE_RULE_KINDS.map((k) => Type.Literal(k))),
  pattern: Type.String(),
  type: Type.String(),
  position: Type.Integer(),
});

export const signalsRoutes: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/signals",
    {
      schema: {
        tags: ["signals"],
        summary:
          "Record up to 1,000 signals (agents, revops, admin, slm, rep): each matched to its contact or account in your tenant (or kept waiting for an import), recorded once by source + external_id, moving the contacts' last sales or marketing signal forward",
        body: RecordSignalsBody,
        response: { 200: RecordSignalsResult, ...stdErrors },
      },
    },
    async (req) =>
      ingestSignals(
        deps.db,
        req.principal,
        req.body.signals.map((s) => signalInputOf(s, "api")),
        { secret: deps.config.secret },
        deps.now(),
      ),
  );

  app.get(
    "/api/v1/signals/types",
    {
      schema: {
        tags: ["signals"],
        summary: "The signal catalogue: each type's side, weight, half-life and account reach",
        response: { 200: Type.Object({ items: Type.Array(SignalTypeView) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listSignalTypes(deps.db, req.principal, deps.now()) }),
  );

  app.put(
    "/api/v1/signals/types/:name",
    {
      schema: {
        tags: ["signals"],
        summary: "Add a signal type or change one (revops, admin)",
        params: Type.Object({ name: SignalTypeName }),
        body: Type.Object(
          {
            label: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 120 }), Type.Null()])),
            side: Type.Union(SIGNAL_SIDES.map((s) => Type.Literal(s))),
            weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
            half_life_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
            account_reach: Type.Optional(Type.Union(ACCOUNT_REACHES.map((s) => Type.Literal(s)))),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ ...SignalTypeView.properties, created: Type.Boolean() }),
          ...stdErrors,
        },
      },
    },
    async (req) => setSignalType(deps.db, req.principal, { name: req.params.name, ...req.body }, deps.now()),
  );

  app.delete(
    "/api/v1/signals/types/:name",
    {
      schema: {
        tags: ["signals"],
        summary: "Remove a signal type no signal or page rule names (revops, admin)",
        params: Type.Object({ name: SignalTypeName }),
        response: { 200: Type.Object({ name: Type.String(), removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => removeSignalType(deps.db, req.principal, req.params.name, deps.now()),
  );

  app.get(
    "/api/v1/signals/rules",
    {
      schema: {
        tags: ["signals"],
        summary:
          "The page rules: which URL path (page event) or event name (track event) is which signal type",
        response: { 200: Type.Object({ items: Type.Array(PageRule) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listPageRules(deps.db, req.principal) }),
  );

  app.post(
    "/api/v1/signals/rules",
    {
      schema: {
        tags: ["signals"],
        summary: "Add a page rule (revops, admin): /pricing → pricing_page_visit",
        body: Type.Object(
          {
            kind: Type.Optional(Type.Union(PAGE_RULE_KINDS.map((k) => Type.Literal(k)))),
            pattern: Type.String({
              minLength: 1,
              maxLength: 300,
              description: "page: a path (/pricing, /pricing/*, /docs/**); track: the event's name",
            }),
            type: SignalTypeName,
            position: Type.Optional(
              Type.Integer({
                minimum: 0,
                maximum: 100_000,
                description: "The lowest matching position wins",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageRule, ...stdErrors },
      },
    },
    async (req) => addPageRule(deps.db, req.principal, req.body, deps.now()),
  );

  app.delete(
    "/api/v1/signals/rules/:id",
    {
      schema: {
        tags: ["signals"],
        summary: "Remove a page rule (revops, admin)",
        params: Type.Object({ id: IdParam("page rule") }),
        response: { 200: Type.Object({ rule_id: Type.String(), removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => removePageRule(deps.db, req.principal, req.params.id),
  );
};
