import type { RouteModule } from "../context.ts";
import { getMeRoute } from "./whoami/get-me.ts";

export { Me } from "./whoami/common.ts";

export const whoamiRoutes: RouteModule = (app, deps) => {
  getMeRoute(app, deps); // GET /api/v1/me
};
