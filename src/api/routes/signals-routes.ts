// Signals (issue 69, docs/signals.md): POST /api/v1/signals records a batch (idempotent by each
// signal's dedup key, source + external_id), and the catalogue and page rules are read and changed
// here. Thin over src/signals.
import type { RouteModule } from "../context.ts";
import { createSignalRoute } from "./signals/create-signal.ts";
import { deleteSignalsRuleRoute } from "./signals/delete-signals-rule.ts";
import { deleteSignalsTypeRoute } from "./signals/delete-signals-type.ts";
import { listSignalsRulesRoute } from "./signals/list-signals-rules.ts";
import { listSignalsTypesRoute } from "./signals/list-signals-types.ts";
import { postSignalsRulesRoute } from "./signals/post-signals-rules.ts";
import { putSignalsTypeRoute } from "./signals/put-signals-type.ts";

export const signalsRoutes: RouteModule = (app, deps) => {
  createSignalRoute(app, deps); // POST /api/v1/signals
  listSignalsTypesRoute(app, deps); // GET /api/v1/signals/types
  putSignalsTypeRoute(app, deps); // PUT /api/v1/signals/types/:name
  deleteSignalsTypeRoute(app, deps); // DELETE /api/v1/signals/types/:name
  listSignalsRulesRoute(app, deps); // GET /api/v1/signals/rules
  postSignalsRulesRoute(app, deps); // POST /api/v1/signals/rules
  deleteSignalsRuleRoute(app, deps); // DELETE /api/v1/signals/rules/:id
};
