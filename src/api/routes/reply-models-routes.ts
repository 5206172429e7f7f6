// /api/v1/reply-models: the tenant's reply model versions (issue 72 item 2; docs/mailboxes.md "The
// tenant's model"). RevOps, the sales leader and admins read them. Thin: the role is checked before
// the arguments (preValidation), then one domain function.
import type { RouteModule } from "../context.ts";
import { ReplyModelVersionView } from "../schemas/reply-models.ts";
import { listReplyModelsRoute } from "./reply-models/list-reply-models.ts";

export const replyModelsRoutes: RouteModule = (app, deps) => {
  app.addSchema(ReplyModelVersionView);
  listReplyModelsRoute(app, deps); // GET /api/v1/reply-models
};
