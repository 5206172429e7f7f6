// GET /api/v1/contacts/:id/meetings: A contact's meetings booked through Calendly or Cal.com, newest first.
// Registered by meetings-routes.ts.
import { Type } from "typebox";
import { listContactMeetings } from "../../../meetings/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { Meeting } from "./common.ts";

export const listContactMeetingsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/contacts/:id/meetings",
    {
      schema: {
        tags: ["contacts"],
        summary: "A contact's meetings booked through Calendly or Cal.com, newest first",
        params: Type.Object({ id: IdParam("meeting") }),
        response: { 200: Type.Object({ items: Type.Array(Meeting) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listContactMeetings(deps.db, req.principal, req.params.id) }),
  );
};
