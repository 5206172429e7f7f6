// GET /healthz: the process is alive (200 while it serves). GET /readyz: the database answers, its
// migrations are current, and the in-process engine loop has ticked lately; otherwise 503 with the
// reasons. Both public; neither body carries a secret or an error's text (those go to the log).
import type { RouteModule } from "../context.ts";
import { getHealthzRoute } from "./health/get-healthz.ts";
import { getReadyzRoute } from "./health/get-readyz.ts";

export type { Readiness } from "./health/common.ts";
export { engineSilenceLimitMs, readiness } from "./health/common.ts";

export const healthRoutes: RouteModule = (app, deps) => {
  getHealthzRoute(app, deps); // GET /healthz
  getReadyzRoute(app, deps); // GET /readyz
};
