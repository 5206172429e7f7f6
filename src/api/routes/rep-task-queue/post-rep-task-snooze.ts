// POST /api/v1/rep-tasks/:id/snooze: Snooze a task until a time: it leaves the queue and comes back then (due_at).
// Registered by rep-task-queue-routes.ts.
import { snoozeRepTask } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParams } from "../../schemas/engine.ts";
import { stdErrors } from "../../schemas.ts";
import { RepTaskItemView, repTaskItemView, SnoozeBody } from "./common.ts";

export const postRepTaskSnoozeRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/rep-tasks/:id/snooze",
    {
      schema: {
        tags: ["tasks"],
        summary: "Snooze a task until a time: it leaves the queue and comes back then (due_at)",
        params: IdParams,
        body: SnoozeBody,
        response: { 200: RepTaskItemView, ...stdErrors },
      },
    },
    async (req) => {
      const until = new Date((req.body as { until: string }).until);
      const id = (req.params as { id: string }).id;
      return repTaskItemView(await snoozeRepTask(deps.db, req.principal, id, until, deps.now()));
    },
  );
};
