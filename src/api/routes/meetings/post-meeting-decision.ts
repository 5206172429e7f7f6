// POST /api/v1/meetings/:id/{confirm,dismiss}: Confirm or dismiss a booking matched by address alone (revops, slm, admin).
// Registered by meetings-routes.ts, once for each action.
import { Type } from "typebox";
import { decideBookingReview } from "../../../meetings/index.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { BookingDecided } from "./common.ts";

export const postMeetingDecisionRoute = (app: BatonApp, deps: AppDeps, action: "confirm" | "dismiss") => {
  app.post(
    `/api/v1/meetings/:id/${action}`,
    {
      schema: {
        tags: ["contacts"],
        summary:
          action === "confirm"
            ? "Confirm a booking matched by address alone: the contact's enrollments end as meeting_booked and follow on_exit (revops, slm, admin)"
            : "Dismiss a booking matched by address alone: nothing happens to the contact, the sends it held resume (revops, slm, admin)",
        params: Type.Object({ id: IdParam("meeting") }),
        response: { 200: BookingDecided, ...stdErrors },
      },
    },
    async (req) => decideBookingReview(deps.db, req.principal, req.params.id, action, deps.now()),
  );
};
