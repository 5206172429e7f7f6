// /api/v1/replies/automation…: automation earned from the team's decisions (issue 72 item 1;
// docs/campaigns.md "Automation earned"). RevOps, the sales leader and admins read each class's
// state and numbers; RevOps and admins close one by hand and reopen it to earning. Thin: the role is
// checked before the arguments (preValidation), then one domain function.
import { Type } from "typebox";
import { requireRole } from "../../auth/principal.ts";
import {
  AUTOMATION_KEEPER_ROLES,
  AUTOMATION_READER_ROLES,
  closeAutomationClass,
  listAutomationClasses,
  reopenAutomationClass,
} from "../../campaigns/index.ts";
import { EARN_MIN_AGREEMENT, EARN_MIN_DECISIONS, SPOT_CHECK_EVERY } from "../../replies/index.ts";
import type { RouteModule } from "../context.ts";
import { AutomationClasses, AutomationClassKey, AutomationClassView } from "../schemas/reply-triage.ts";
import { stdErrors } from "../schemas.ts";

const tags = ["replies"];

export const replyAutomationRoutes: RouteModule = (app, deps) => {
  app.addSchema(AutomationClassView);

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
