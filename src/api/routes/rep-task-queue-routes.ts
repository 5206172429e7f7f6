// The rep's task queue (issue 60 item 4): list by due time, skip with a reason, snooze to a time.
// Marking a task done is POST /api/v1/rep-tasks/:id/done (engine-task-routes.ts): the coordinator
// judges it as a send. Thin over src/engine/rep-task-queue.ts.
import type { RouteModule } from "../context.ts";
import { listRepTasksRoute } from "./rep-task-queue/list-rep-tasks.ts";
import { postRepTaskSkipRoute } from "./rep-task-queue/post-rep-task-skip.ts";
import { postRepTaskSnoozeRoute } from "./rep-task-queue/post-rep-task-snooze.ts";

export {
  RepTaskItemView,
  RepTaskQueueQuery,
  repTaskItemView,
  SkipBody,
  SnoozeBody,
} from "./rep-task-queue/common.ts";

export const repTaskQueueRoutes: RouteModule = (app, deps) => {
  listRepTasksRoute(app, deps); // GET /api/v1/rep-tasks
  postRepTaskSkipRoute(app, deps); // POST /api/v1/rep-tasks/:id/skip
  postRepTaskSnoozeRoute(app, deps); // POST /api/v1/rep-tasks/:id/snooze
};
