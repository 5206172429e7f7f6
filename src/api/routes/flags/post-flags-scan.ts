// POST /api/v1/flags/scan: Run the proactive-flags scan for this tenant now (RevOps).
// Registered by flags-routes.ts.
import { Type } from "typebox";
import { requireRole } from "../../../auth/principal.ts";
import { scanFlags } from "../../../flags/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postFlagsScanRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/flags/scan",
    {
      schema: {
        tags,
        summary: "Run the proactive-flags scan for this tenant now (RevOps)",
        response: {
          200: Type.Object({
            raised: Type.Record(Type.String(), Type.Integer()),
            resolved: Type.Integer(),
            escalated: Type.Integer(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      requireRole(req.principal, "run the flags scan", "revops", "admin");
      return scanFlags(deps.db, deps.now(), { clientId: req.principal.clientId });
    },
  );
};
