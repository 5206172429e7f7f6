// PUT /api/v1/signals/types/:name: Add a signal type or change one (revops, admin).
// Registered by signals-routes.ts.
import { Type } from "typebox";
import { setSignalType } from "../../../signals/index.ts";
import { ACCOUNT_REACHES, SIGNAL_SIDES } from "../../../signals/tables.ts";
import type { RouteModule } from "../../context.ts";
import { SignalTypeName, SignalTypeView } from "../../schemas/signals.ts";
import { stdErrors } from "../../schemas.ts";

export const putSignalsTypeRoute: RouteModule = (app, deps) => {
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
};
