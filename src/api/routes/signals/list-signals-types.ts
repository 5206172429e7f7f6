// GET /api/v1/signals/types: The signal catalogue: each type's side, weight, half-life and account reach.
// Registered by signals-routes.ts.
import { Type } from "typebox";
import { listSignalTypes } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { SignalTypeView } from "../../schemas/signals.ts";
import { stdErrors } from "../../schemas.ts";

export const listSignalsTypesRoute: RouteModule = (app, deps) => {
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
};
