// GET /api/v1/inbound-reviews/:id: One untrusted inbound message, why it was not trusted, and what was decided.
// Registered by inbound-reviews-routes.ts.
import { getInboundReview } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Params, Review } from "./common.ts";

export const getInboundReviewRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/inbound-reviews/:id",
    {
      schema: {
        tags: ["mailboxes"],
        summary: "One untrusted inbound message, why it was not trusted, and what was decided",
        params: Params,
        response: { 200: Review, ...stdErrors },
      },
    },
    async (req) => getInboundReview(deps.db, req.principal, req.params.id),
  );
};
