// Drafting tasks (agents draft touches: list, lease, submit) and rep tasks (LinkedIn touches and
// personal sends: mark done → the touch is recorded; the queue itself is rep-task-queue-routes.ts).
// Thin over src/engine.
import type { RouteModule } from "../context.ts";
import { listDraftingTasksRoute } from "./engine-task/list-drafting-tasks.ts";
import { postDraftingTaskLeaseRoute } from "./engine-task/post-drafting-task-lease.ts";
import { postDraftingTaskSubmitRoute } from "./engine-task/post-drafting-task-submit.ts";
import { postRepTaskDoneRoute } from "./engine-task/post-rep-task-done.ts";
import { postRepTaskSendRoute } from "./engine-task/post-rep-task-send.ts";
import { postRepTasksDoneRoute } from "./engine-task/post-rep-tasks-done.ts";

export const engineTaskRoutes: RouteModule = (app, deps) => {
  listDraftingTasksRoute(app, deps); // GET /api/v1/drafting-tasks
  postDraftingTaskLeaseRoute(app, deps); // POST /api/v1/drafting-tasks/:id/lease
  postDraftingTaskSubmitRoute(app, deps); // POST /api/v1/drafting-tasks/:id/submit
  postRepTasksDoneRoute(app, deps); // POST /api/v1/rep-tasks/done
  postRepTaskDoneRoute(app, deps); // POST /api/v1/rep-tasks/:id/done
  postRepTaskSendRoute(app, deps); // POST /api/v1/rep-tasks/:id/send
};
