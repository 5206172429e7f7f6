// POST /api/v1/signals/hot/{contacts,accounts}/:id/actions: Act on a hot contact or account (people of the tenant): enroll into the play its signals answer, make a follow-up task, or dismiss it until a newer signal.
// Registered by signal-view-routes.ts, once for each subject.
import { Type } from "typebox";
import { addFollowUpTask } from "../../../engine/index.ts";
import { actOnHotSignal } from "../../../signals/index.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { HotActionBody, HotActionResult } from "../../schemas/signal-view.ts";
import { IdParam, stdErrors } from "../../schemas.ts";

export const postSignalsHotActionsRoute = (app: BatonApp, deps: AppDeps, subject: "contact" | "account") => {
  app.post(
    `/api/v1/signals/hot/${subject}s/:id/actions`,
    {
      schema: {
        tags: ["signals"],
        summary: `Act on a hot ${subject} (people of the tenant): enroll into the play its signals answer (through the coordinator's gates), make a follow-up task, or dismiss it until a newer signal`,
        params: Type.Object({ id: IdParam(subject) }),
        body: HotActionBody,
        response: { 200: HotActionResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const action =
        b.action === "enroll"
          ? { action: "enroll" as const, play_id: b.play_id }
          : b.action === "task"
            ? {
                action: "task" as const,
                note: b.note ?? null,
                due_at: b.due_at ? new Date(b.due_at) : null,
              }
            : { action: "dismiss" as const };
      return actOnHotSignal(
        deps.db,
        req.principal,
        { subject, id: req.params.id },
        action,
        deps.now(),
        addFollowUpTask,
      );
    },
  );
};
