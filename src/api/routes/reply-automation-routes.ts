// /api/v1/replies/automation…: automation earned from the team's decisions (issue 72 item 1;
// docs/campaigns.md "Automation earned"). RevOps, the sales leader and admins read each class's
// state and numbers; RevOps and admins close one by hand and reopen it to earning. Thin: the role is
// checked before the arguments (preValidation), then one domain function.
import type { RouteModule } from "../context.ts";
import { AutomationClassView } from "../schemas/reply-triage.ts";
import { listAutomationClassesRoute } from "./reply-automation/list-automation-classes.ts";
import { postAutomationClassCloseRoute } from "./reply-automation/post-automation-class-close.ts";
import { postAutomationClassReopenRoute } from "./reply-automation/post-automation-class-reopen.ts";

export const replyAutomationRoutes: RouteModule = (app, deps) => {
  app.addSchema(AutomationClassView);
  listAutomationClassesRoute(app, deps); // GET /api/v1/replies/automation
  postAutomationClassCloseRoute(app, deps); // POST /api/v1/replies/automation/close
  postAutomationClassReopenRoute(app, deps); // POST /api/v1/replies/automation/reopen
};
