// POST /api/v1/rep-tasks/:id/skip: Skip a task with a reason: no touch is made (its send item is cancelled), it leaves the queue, and the event log records why (task_skipped).
// Registered by rep-task-queue-routes.ts.
import type { RepTaskSkipReason } from "../../../engine/contract.ts";
import { skipRepTask } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParams } from "../../schemas/engine.ts";
import { stdErrors } from "../../schemas.ts";
import { RepTaskItemView, repTaskItemView, SkipBody } from "./common.ts";

export const postRepTaskSkipRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/rep-tasks/:id/skip",
    {
      schema: {
        tags: ["tasks"],
        summary:
          "Skip a task with a reason: no touch is made (its send item is cancelled), it leaves the queue, and the event log records why (task_skipped)",
        params: IdParams,
        body: SkipBody,
        response: { 200: RepTaskItemView, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body as { reason: RepTaskSkipReason; note?: string };
      const id = (req.params as { id: string }).id;
      return repTaskItemView(await skipRepTask(deps.db, req.principal, id, b, deps.now()));
    },
  );
};
