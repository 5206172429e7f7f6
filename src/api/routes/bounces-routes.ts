// POST /api/v1/bounces: the bounce webhook (spec 002 "Bounces ... mark the item failed with the
// error"). A mail integration (agent token), RevOps or an admin reports a bounce that arrived after
// the server accepted the message. Thin over src/inbox/bounces.ts.
import type { RouteModule } from "../context.ts";
import { createBounceRoute } from "./bounces/create-bounce.ts";

export const bouncesRoutes: RouteModule = (app, deps) => {
  createBounceRoute(app, deps); // POST /api/v1/bounces
};
