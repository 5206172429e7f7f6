// POST /api/v1/replies/automation/reopen: reopen a class closed by hand, back to earning with its
// tally started again. Registered by reply-automation-routes.ts.
import { Type } from "typebox";
import { requireRole } from "../../../auth/principal.ts";
import { AUTOMATION_KEEPER_ROLES, reopenAutomationClass } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { AutomationClassKey } from "../../schemas/reply-triage.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postAutomationClassReopenRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/replies/automation/reopen",
    {
      preValidation: async (req) =>
        requireRole(req.principal, "reopen a reply automation class", ...AUTOMATION_KEEPER_ROLES),
      schema: {
        tags,
        summary:
          "Reopen a class closed by hand: back to earning, its tally started again; it opens only when the team's decisions earn it (RevOps, admin)",
        body: AutomationClassKey,
        response: { 200: Type.Ref("AutomationClass"), ...stdErrors },
      },
    },
    async (req) => reopenAutomationClass(deps.db, req.principal, req.body, deps.now()),
  );
};
