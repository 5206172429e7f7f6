// /api/v1/handoffs: the exec gate of spec 002's pipeline ("Justin reviews handoff, specifies
// campaign(s)"). Thin: parse, call one domain function.
import type { RouteModule } from "../context.ts";
import { Handoff } from "../schemas/handoffs.ts";
import { getHandoffRoute } from "./handoffs/get-handoff.ts";
import { listHandoffsRoute } from "./handoffs/list-handoffs.ts";
import { postHandoffRouteRoute } from "./handoffs/post-handoff-route.ts";
import { postHandoffsRouteRoute } from "./handoffs/post-handoffs-route.ts";

export const handoffsRoutes: RouteModule = (app, deps) => {
  app.addSchema(Handoff);
  listHandoffsRoute(app, deps); // GET /api/v1/handoffs
  getHandoffRoute(app, deps); // GET /api/v1/handoffs/:id
  postHandoffsRouteRoute(app, deps); // POST /api/v1/handoffs/route
  postHandoffRouteRoute(app, deps); // POST /api/v1/handoffs/:id/route
};
