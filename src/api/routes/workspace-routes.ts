// Endpoints the workspace pages need that no domain module provides: demo sign-in, dashboard
// aggregates, contact search. Thin: parse, authorize, call one src/workspace function.
import type { RouteModule } from "../context.ts";
import { getWorkspaceContactRoute } from "./workspace/get-workspace-contact.ts";
import { getWorkspaceDashboardRoute } from "./workspace/get-workspace-dashboard.ts";
import { getWorkspaceDemoHistoryRoute } from "./workspace/get-workspace-demo-history.ts";
import { listDemoPrincipalsRoute } from "./workspace/list-demo-principals.ts";
import { listMeQueuesRoute } from "./workspace/list-me-queues.ts";
import { listWorkspaceCampaignCountsRoute } from "./workspace/list-workspace-campaign-counts.ts";
import { listWorkspaceContactsRoute } from "./workspace/list-workspace-contacts.ts";
import { listWorkspacePrincipalsRoute } from "./workspace/list-workspace-principals.ts";
import { postWorkspaceCampaignPreviewRoute } from "./workspace/post-workspace-campaign-preview.ts";

export const workspaceRoutes: RouteModule = (app, deps) => {
  listDemoPrincipalsRoute(app, deps); // GET /api/v1/demo/principals
  getWorkspaceDashboardRoute(app, deps); // GET /api/v1/workspace/dashboard
  listMeQueuesRoute(app, deps); // GET /api/v1/me/queues
  getWorkspaceDemoHistoryRoute(app, deps); // GET /api/v1/workspace/demo-history
  listWorkspaceContactsRoute(app, deps); // GET /api/v1/workspace/contacts
  getWorkspaceContactRoute(app, deps); // GET /api/v1/workspace/contacts/:id
  listWorkspacePrincipalsRoute(app, deps); // GET /api/v1/workspace/principals
  postWorkspaceCampaignPreviewRoute(app, deps); // POST /api/v1/workspace/campaigns/:slug/preview
  listWorkspaceCampaignCountsRoute(app, deps); // GET /api/v1/workspace/campaigns/:slug/counts
};
