// PUT /api/v1/me/booking-link: Set (or clear with null) your own Calendly or Cal.com page: the booking link in your emails.
// Registered by meetings-routes.ts.
import { Type } from "typebox";
import { setBookingUrl } from "../../../meetings/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { NullStr } from "./common.ts";

export const putMeBookingLinkRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/me/booking-link",
    {
      schema: {
        tags: ["me"],
        summary:
          "Set (or clear with null) your own Calendly or Cal.com page: the booking link in your emails",
        body: Type.Object(
          { booking_url: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ booking_url: NullStr }), ...stdErrors },
      },
    },
    async (req) => setBookingUrl(deps.db, req.principal, req.body.booking_url),
  );
};
