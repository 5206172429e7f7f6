// GET /api/v1/inbound-reviews: Untrusted inbound mail waiting for a person (and decided ones, by status), oldest first; 100 a page unless limit says.
// Registered by inbound-reviews-routes.ts.
import { Type } from "typebox";
import { listInboundReviews } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { PAGE_FIELDS, pageOf, stdErrors, Uuid } from "../../schemas.ts";
import { Review } from "./common.ts";

export const listInboundReviewsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/inbound-reviews",
    {
      schema: {
        tags: ["mailboxes"],
        summary:
          "Untrusted inbound mail waiting for a person (and decided ones, by status), oldest first; 100 a page unless limit says",
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([Type.Literal("pending"), Type.Literal("applied"), Type.Literal("dismissed")], {
              description: "pending (default) | applied | dismissed",
            }),
          ),
          contact_id: Type.Optional({ ...Uuid, description: "Only this contact's messages (uuid)" }),
          ...PAGE_FIELDS,
        }),
        response: { 200: pageOf(Review), ...stdErrors },
      },
    },
    async (req) =>
      listInboundReviews(deps.db, req.principal, {
        status: req.query.status ?? "pending",
        contactId: req.query.contact_id,
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );
};
