// POST /api/v1/signals/rules: Add a page rule (revops, admin): /pricing → pricing_page_visit.
// Registered by signals-routes.ts.
import { Type } from "typebox";
import { addPageRule } from "../../../signals/index.ts";
import { PAGE_RULE_KINDS } from "../../../signals/tables.ts";
import type { RouteModule } from "../../context.ts";
import { SignalTypeName } from "../../schemas/signals.ts";
import { stdErrors } from "../../schemas.ts";
import { PageRule } from "./common.ts";

export const postSignalsRulesRoute: RouteModule = (app, deps) => {
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
};
