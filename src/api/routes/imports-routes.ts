// Import contacts and accounts from CSV (issue 15 item 1). POST runs a dry run or an import as a
// job; with wait=false (the workspace) it answers 202 with the job at once, and GET
// /api/v1/imports/:id shows its progress and report. Long work is never held in one request (issue
// 58, Deliver 4: a 615,903-row dry run was cut by the socket's idle timeout with no answer): a file
// of more than INLINE_IMPORT_ROWS rows answers 202 at once unless wait=true is sent, and a request
// that waits is answered 202 with the running job when the job outlasts inlineWaitMs, half the
// socket's idle time (docs/prospect-data.md). Thin over src/prospects.
import type { RouteModule } from "../context.ts";
import { createImportRoute } from "./imports/create-import.ts";
import { getImportRoute } from "./imports/get-import.ts";
import { postImportsPreviewRoute } from "./imports/post-imports-preview.ts";

export { INLINE_IMPORT_ROWS, inlineWaitMs } from "./imports/common.ts";

export const importsRoutes: RouteModule = (app, deps) => {
  postImportsPreviewRoute(app, deps); // POST /api/v1/imports/preview
  createImportRoute(app, deps); // POST /api/v1/imports
  getImportRoute(app, deps); // GET /api/v1/imports/:id
};
