// POST /api/v1/inbound-reviews/:id/{apply,dismiss}: Act on an untrusted inbound message as if it were trusted, or dismiss it (revops, slm, admin).
// Registered by inbound-reviews-routes.ts, once for each action.
import { decideInboundReview } from "../../../inbox/index.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Params, Review } from "./common.ts";

export const postInboundReviewDecisionRoute = (app: BatonApp, deps: AppDeps, action: "apply" | "dismiss") => {
  app.post(
    `/api/v1/inbound-reviews/:id/${action}`,
    {
      schema: {
        tags: ["mailboxes"],
        summary:
          action === "apply"
            ? "Act on it as if it were trusted: the hold released and process_reply run with its classification in one transaction; for a stop request, confirm the opt-out (revops, slm, admin)"
            : "Dismiss it: nothing happens to the person, and the sends the reply paused resume (revops, slm, admin)",
        params: Params,
        response: { 200: Review, ...stdErrors },
      },
    },
    async (req) => decideInboundReview(deps.db, req.principal, req.params.id, action, deps.now()),
  );
};
