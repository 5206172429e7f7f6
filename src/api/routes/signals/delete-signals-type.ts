// DELETE /api/v1/signals/types/:name: Remove a signal type no signal or page rule names (revops, admin).
// Registered by signals-routes.ts.
import { Type } from "typebox";
import { removeSignalType } from "../../../signals/index.ts";
import type { RouteModule } from "../../context.ts";
import { SignalTypeName } from "../../schemas/signals.ts";
import { stdErrors } from "../../schemas.ts";

export const deleteSignalsTypeRoute: RouteModule = (app, deps) => {
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
};
