// POST /api/v1/replies/automation/close: close a class by hand; Baton stops acting alone on it
// until RevOps reopens it. Registered by reply-automation-routes.ts.
import { Type } from "typebox";
import { requireRole } from "../../../auth/principal.ts";
import { AUTOMATION_KEEPER_ROLES, closeAutomationClass } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { AutomationClassKey } from "../../schemas/reply-triage.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const postAutomationClassCloseRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/replies/automation/close",
    {
      preValidation: async (req) =>
        requireRole(req.principal, "close a reply automation class", ...AUTOMATION_KEEPER_ROLES),
      schema: {
        tags,
        summary:
          "Close a class by hand: Baton stops acting alone on it until RevOps reopens it (RevOps, admin; the same call again changes nothing)",
        body: AutomationClassKey,
        response: { 200: Type.Ref("AutomationClass"), ...stdErrors },
      },
    },
    async (req) => closeAutomationClass(deps.db, req.principal, req.body, deps.now()),
  );
};
