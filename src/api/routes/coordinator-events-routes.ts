// The coordinator's read side and play execution (spec 001 API): the event log with cursor paging,
// a contact's timeline, the quarter-end cohort view, and the RevOps trigger to execute active plays.
import type { RouteModule } from "../context.ts";
import { getCohortRoute } from "./coordinator-events/get-cohort.ts";
import { getContactTimelineRoute } from "./coordinator-events/get-contact-timeline.ts";
import { listEventsRoute } from "./coordinator-events/list-events.ts";
import { postCoordinatorExecutePlaysRoute } from "./coordinator-events/post-coordinator-execute-plays.ts";

export const coordinatorEventsRoutes: RouteModule = (app, deps) => {
  listEventsRoute(app, deps); // GET /api/v1/events
  getContactTimelineRoute(app, deps); // GET /api/v1/contacts/:id/timeline
  getCohortRoute(app, deps); // GET /api/v1/cohort
  postCoordinatorExecutePlaysRoute(app, deps); // POST /api/v1/coordinator/execute-plays
};
