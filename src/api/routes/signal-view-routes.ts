// The Signals view (issue 69 item 4): hot people and accounts ranked by decayed score, the view's
// three actions, RevOps' counts per type and source with each source's health, and the trends per
// segment. Thin over src/signals.
import type { RouteModule } from "../context.ts";
import { getSignalsHotRoute } from "./signal-view/get-signals-hot.ts";
import { listSignalsStatsRoute } from "./signal-view/list-signals-stats.ts";
import { listSignalsTrendsRoute } from "./signal-view/list-signals-trends.ts";
import { postSignalsHotActionsRoute } from "./signal-view/post-signals-hot-actions.ts";

export const signalViewRoutes: RouteModule = (app, deps) => {
  getSignalsHotRoute(app, deps); // GET /api/v1/signals/hot

  for (const subject of ["contact", "account"] as const) {
    postSignalsHotActionsRoute(app, deps, subject); // POST /api/v1/signals/hot/{contacts,accounts}/:id/actions
  }
  listSignalsStatsRoute(app, deps); // GET /api/v1/signals/stats
  listSignalsTrendsRoute(app, deps); // GET /api/v1/signals/trends
};
