// What the prospect page's actions need besides the existing routes (issue 37 item 2): the
// prospect's enrollments, and the classifier's reading of a reply before a person logs it with the
// class they keep or choose. Thin: parse, call one domain function.
import type { RouteModule } from "../context.ts";
import { listContactEnrollmentsRoute } from "./prospect-actions/list-contact-enrollments.ts";
import { postRepliesClassifyRoute } from "./prospect-actions/post-replies-classify.ts";

export const prospectActionsRoutes: RouteModule = (app, deps) => {
  listContactEnrollmentsRoute(app, deps); // GET /api/v1/contacts/:id/enrollments
  postRepliesClassifyRoute(app, deps); // POST /api/v1/replies/classify
};
