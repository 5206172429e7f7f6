// Suppression lists (issue 15 item 2): GET/POST/DELETE /api/v1/suppressions. Thin over src/prospects.
import type { RouteModule } from "../context.ts";
import { createSuppressionRoute } from "./suppressions/create-suppression.ts";
import { deleteSuppressionRoute } from "./suppressions/delete-suppression.ts";
import { listSuppressionsRoute } from "./suppressions/list-suppressions.ts";

export const suppressionsRoutes: RouteModule = (app, deps) => {
  listSuppressionsRoute(app, deps); // GET /api/v1/suppressions
  createSuppressionRoute(app, deps); // POST /api/v1/suppressions
  deleteSuppressionRoute(app, deps); // DELETE /api/v1/suppressions/:id
};
