// GET /api/v1/meetings/reviews: Bookings matched to a contact by the invitee's address alone, oldest first: pending ones hold the contact's sends (revops, slm, admin, exec); 100 a page unless limit says.
// Registered by meetings-routes.ts.
import { Type } from "typebox";
import { listBookingReviews } from "../../../meetings/index.ts";
import type { RouteModule } from "../../context.ts";
import { PAGE_FIELDS, pageOf, stdErrors } from "../../schemas.ts";
import { BookingReview, ReviewStatus } from "./common.ts";

export const listMeetingsReviewsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/meetings/reviews",
    {
      schema: {
        tags: ["contacts"],
        summary:
          "Bookings matched to a contact by the invitee's address alone, oldest first: pending ones hold the contact's sends (revops, slm, admin, exec); 100 a page unless limit says",
        querystring: Type.Object({
          status: Type.Optional(ReviewStatus),
          ...PAGE_FIELDS,
        }),
        response: { 200: pageOf(BookingReview), ...stdErrors },
      },
    },
    async (req) => listBookingReviews(deps.db, req.principal, req.query),
  );
};
