// The review queue of inbound mail Baton could not trust (issue 35 item 1): list, apply (for a
// stop request: confirm the opt-out), dismiss (the sends a person's reply paused resume; issue 56).
// RevOps and sales leaders (and admins) decide; agents never do. Thin over src/inbox.
import type { RouteModule } from "../context.ts";
import { getInboundReviewRoute } from "./inbound-reviews/get-inbound-review.ts";
import { listInboundReviewsRoute } from "./inbound-reviews/list-inbound-reviews.ts";
import { postInboundReviewDecisionRoute } from "./inbound-reviews/post-inbound-review-decision.ts";

export const inboundReviewsRoutes: RouteModule = (app, deps) => {
  listInboundReviewsRoute(app, deps); // GET /api/v1/inbound-reviews
  getInboundReviewRoute(app, deps); // GET /api/v1/inbound-reviews/:id

  for (const action of ["apply", "dismiss"] as const) {
    postInboundReviewDecisionRoute(app, deps, action); // POST /api/v1/inbound-reviews/:id/{apply,dismiss}
  }
};
