import type { RouteModule } from "../context.ts";
import { postCoordinatorPreviewRoute } from "./coordinator-preview/post-coordinator-preview.ts";

export const coordinatorPreviewRoutes: RouteModule = (app, deps) => {
  postCoordinatorPreviewRoute(app, deps); // POST /api/v1/coordinator/preview
};
