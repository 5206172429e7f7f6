// Data-protection requests made in replies (issue 72 item 3): RevOps sees each with its legal
// deadline and closes it once erased (POST /api/v1/contacts/:id/erase), answered or refused. Thin
// over src/prospects/data-requests.ts.
import type { RouteModule } from "../context.ts";
import { listDataRequestsRoute } from "./data-request/list-data-requests.ts";
import { postDataRequestCloseRoute } from "./data-request/post-data-request-close.ts";

export const dataRequestRoutes: RouteModule = (app, deps) => {
  listDataRequestsRoute(app, deps); // GET /api/v1/data-requests
  postDataRequestCloseRoute(app, deps); // POST /api/v1/data-requests/:id/close
};
