// Staged drafts and their approval (spec 002): the exec approves, edits then approves, or rejects,
// one draft or many. Thin over src/engine.
import type { RouteModule } from "../context.ts";
import { getDraftRoute } from "./engine-draft/get-draft.ts";
import { listDraftsRoute } from "./engine-draft/list-drafts.ts";
import { postDraftApproveRoute } from "./engine-draft/post-draft-approve.ts";
import { postDraftRejectRoute } from "./engine-draft/post-draft-reject.ts";
import { postDraftsApproveRoute } from "./engine-draft/post-drafts-approve.ts";
import { postDraftsRejectRoute } from "./engine-draft/post-drafts-reject.ts";

export const engineDraftRoutes: RouteModule = (app, deps) => {
  listDraftsRoute(app, deps); // GET /api/v1/drafts
  getDraftRoute(app, deps); // GET /api/v1/drafts/:id
  postDraftApproveRoute(app, deps); // POST /api/v1/drafts/:id/approve
  postDraftRejectRoute(app, deps); // POST /api/v1/drafts/:id/reject
  postDraftsApproveRoute(app, deps); // POST /api/v1/drafts/approve
  postDraftsRejectRoute(app, deps); // POST /api/v1/drafts/reject
};
