// Every module's HTTP routes, registered in this order. Add one line per module.
import type { RouteModule } from "./context.ts";
import { whoamiRoutes } from "./routes/whoami-routes.ts";

export const routeModules: RouteModule[] = [whoamiRoutes];
