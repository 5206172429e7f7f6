// GET /api/v1/replies/automation: where Baton acts alone on replies, each class with its state and
// the team's agreement with its readings. Registered by reply-automation-routes.ts.
import { requireRole } from "../../../auth/principal.ts";
import { AUTOMATION_READER_ROLES, listAutomationClasses } from "../../../campaigns/index.ts";
import { EARN_MIN_AGREEMENT, EARN_MIN_DECISIONS, SPOT_CHECK_EVERY } from "../../../replies/index.ts";
import type { RouteModule } from "../../context.ts";
import { AutomationClasses } from "../../schemas/reply-triage.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const listAutomationClassesRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/replies/automation",
    {
      preValidation: async (req) =>
        requireRole(req.principal, "read the reply automation classes", ...AUTOMATION_READER_ROLES),
      schema: {
        tags,
        summary:
          "Where Baton acts alone on replies: each class (intent, language) with its state and the team's agreement with its readings (RevOps, slm, admin)",
        response: { 200: AutomationClasses, ...stdErrors },
      },
    },
    async (req) => ({
      items: await listAutomationClasses(deps.db, req.principal),
      rule: {
        min_decisions: EARN_MIN_DECISIONS,
        min_agreement: EARN_MIN_AGREEMENT,
        spot_check_every: SPOT_CHECK_EVERY,
      },
    }),
  );
};
