// POST /api/v1/rep-tasks/:id/send: Send a close step personally in one click (issue 67 item 5): it goes out from the exec's own connected mailbox, then the task is done and the touch recorded as his.
// Registered by engine-task-routes.ts.
import { sendPersonally } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParams } from "../../schemas/engine.ts";
import { stdErrors } from "../../schemas.ts";
import { RepTaskView, repView } from "./common.ts";

export const postRepTaskSendRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/rep-tasks/:id/send",
    {
      schema: {
        tags: ["tasks"],
        summary:
          "Send a close step personally in one click (issue 67 item 5): it goes out from the exec's own connected mailbox, then the task is done and the touch recorded as his",
        description:
          "The exec only. The send-time gates run first (an opt-out, a hold or a block answers as marking the task done would, and nothing is sent). MAILBOX_NOT_CONNECTED without a connected mailbox; PERSONAL_SEND_FAILED when the mailbox could not send it (the task stays open).",
        params: IdParams,
        response: { 200: RepTaskView, ...stdErrors },
      },
    },
    async (req) => {
      const e = await deps.engine();
      return repView(
        await sendPersonally(e, deps.config, req.principal, (req.params as { id: string }).id, deps.now()),
      );
    },
  );
};
