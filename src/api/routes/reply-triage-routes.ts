// /api/v1/replies/triage…: the reply triage queue (issue 56 items 2-3); the labelled examples as
// JSONL and the agreement rate. Thin: the role is checked before the arguments (preValidation),
// then one domain function.
import type { RouteModule } from "../context.ts";
import { TriageReply, TriageReplyDetail } from "../schemas/reply-triage.ts";
import { getReplyAgreementRoute } from "./reply-triage/get-reply-agreement.ts";
import { getReplyExamplesRoute } from "./reply-triage/get-reply-examples.ts";
import { getTriageCountRoute } from "./reply-triage/get-triage-count.ts";
import { getTriageReplyRoute } from "./reply-triage/get-triage-reply.ts";
import { listTriageRoute } from "./reply-triage/list-triage.ts";
import { postTriageDecideRoute } from "./reply-triage/post-triage-decide.ts";
import { postTriageReplyDecideRoute } from "./reply-triage/post-triage-reply-decide.ts";

export const replyTriageRoutes: RouteModule = (app, deps) => {
  app.addSchema(TriageReply);
  app.addSchema(TriageReplyDetail);
  listTriageRoute(app, deps); // GET /api/v1/replies/triage
  getTriageCountRoute(app, deps); // GET /api/v1/replies/triage/count
  getTriageReplyRoute(app, deps); // GET /api/v1/replies/triage/:id
  postTriageReplyDecideRoute(app, deps); // POST /api/v1/replies/triage/:id/decide
  postTriageDecideRoute(app, deps); // POST /api/v1/replies/triage/decide
  getReplyExamplesRoute(app, deps); // GET /api/v1/replies/examples.jsonl
  getReplyAgreementRoute(app, deps); // GET /api/v1/learning/reply-agreement
};
