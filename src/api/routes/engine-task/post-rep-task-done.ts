// POST /api/v1/rep-tasks/:id/done: Mark a manual touch done: the touch is recorded (caps, event log, CRM activity); a call says its outcome.
// Registered by engine-task-routes.ts.
import type { TaskDone } from "../../../engine/index.ts";
import { completeRepTask } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParams } from "../../schemas/engine.ts";
import { stdErrors } from "../../schemas.ts";
import { DoneBody, RepTaskView, repView } from "./common.ts";

export const postRepTaskDoneRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/rep-tasks/:id/done",
    {
      schema: {
        tags: ["tasks"],
        summary:
          "Mark a manual touch done: the touch is recorded (caps, event log, CRM activity); a call says its outcome",
        params: IdParams,
        body: DoneBody,
        response: { 200: RepTaskView, ...stdErrors },
      },
      // a LinkedIn touch is marked done without a body, as before calls: validated as {}
      preValidation: async (req) => {
        req.body ??= {};
      },
    },
    async (req) => {
      const e = await deps.engine();
      const said = req.body as TaskDone;
      return repView(
        await completeRepTask(e, req.principal, (req.params as { id: string }).id, deps.now(), said),
      );
    },
  );
};
