// GET /api/v1/contacts/:id/timeline: Every event of a contact in time order, with each gate decision, release, message, reply and lineage.
// Registered by coordinator-events-routes.ts.
import { Type } from "typebox";
import { contactTimeline } from "../../../events/index.ts";
import { readingInWords } from "../../../replies/index.ts";
import type { RouteModule } from "../../context.ts";
import { TimelineEntry, TimelineParams, TimelineQuery } from "../../schemas/coordinator.ts";
import { stdErrors } from "../../schemas.ts";
import { N, tags } from "./common.ts";

export const getContactTimelineRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/contacts/:id/timeline",
    {
      schema: {
        tags,
        summary:
          "Every event of a contact in time order, with each gate decision, release, message, reply and lineage",
        params: TimelineParams,
        querystring: TimelineQuery,
        response: {
          200: Type.Object({
            contact: Type.Object({
              contact_id: Type.String(),
              full_name: Type.String(),
              account_id: N(Type.String()),
              opted_out: Type.Boolean(),
            }),
            items: Type.Array(TimelineEntry),
            next_cursor: N(Type.String()),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const tl = await contactTimeline(deps.db, req.principal, req.params.id, req.query);
      // a reply's reading in words (issue 72), here: events/ sits below replies/ (the folder knot)
      for (const i of tl.items)
        if (i.reply)
          i.reply.reading = readingInWords({
            intent: i.reply.intent,
            confidence: i.reply.confidence ?? 0,
            by: i.reply.classified_by,
            text: i.reply.text,
          });
      return tl;
    },
  );
};
