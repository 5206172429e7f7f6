// The workspace (web/dist, built by `npm run build:web`) served at /, with a SPA fallback: any GET
// that is not an API, docs or one-click page answers index.html so client routes deep-link.
import type { RouteModule } from "../context.ts";
import { getWorkspacePagesRoute } from "./static/get-workspace-pages.ts";

export { loopbackRedirect, WEB_DIST } from "./static/common.ts";

export const staticRoutes: RouteModule = async (app, deps) => {
  // a scope of its own, so that get-workspace-pages.ts's redirect applies to the workspace's pages only
  await app.register(async (scope) => getWorkspacePagesRoute(scope as typeof app, deps.config.publicUrl));
};
