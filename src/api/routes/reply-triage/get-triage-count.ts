// GET /api/v1/replies/triage/count: how many replies wait for this principal, and since when.
// Registered by reply-triage-routes.ts.
import { countTriage } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { TriageCount } from "../../schemas/reply-triage.ts";
import { stdErrors } from "../../schemas.ts";
import { tags, triager } from "./common.ts";

export const getTriageCountRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/replies/triage/count",
    {
      ...triager("read the reply triage queue"),
      schema: {
        tags,
        summary: "How many replies wait for this principal, and since when (the navigation's badge)",
        response: { 200: TriageCount, ...stdErrors },
      },
    },
    async (req) => countTriage(deps.db, req.principal),
  );
};
