// GET /api/v1/events: Query the cadence event log, newest first, with cursor paging.
// Registered by coordinator-events-routes.ts.
import { Type } from "typebox";
import { queryEvents } from "../../../events/index.ts";
import type { RouteModule } from "../../context.ts";
import { Event, EventsQuery } from "../../schemas/coordinator.ts";
import { stdErrors } from "../../schemas.ts";
import { N, tags } from "./common.ts";

export const listEventsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/events",
    {
      schema: {
        tags,
        summary: "Query the cadence event log, newest first, with cursor paging",
        querystring: EventsQuery,
        response: {
          200: Type.Object({ items: Type.Array(Event), next_cursor: N(Type.String()) }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      return queryEvents(deps.db, req.principal, {
        ...q,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      } as Parameters<typeof queryEvents>[2]);
    },
  );
};
