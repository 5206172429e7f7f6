// GET /healthz: The process is alive.
// Registered by health-routes.ts.

import { Type } from "typebox";
import type { RouteModule } from "../../context.ts";
import { hidden } from "./common.ts";

export const getHealthzRoute: RouteModule = (app, _deps) => {
  app.get(
    "/healthz",
    {
      config: { public: true },
      schema: {
        ...hidden,
        summary: "The process is alive",
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async () => ({
      ok: true,
    }),
  );
};
