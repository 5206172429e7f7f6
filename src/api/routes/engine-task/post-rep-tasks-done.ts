// POST /api/v1/rep-tasks/done: Mark many manual touches done in one transaction, in order; each gets its own result (the touch recorded, or the refusal).
// Registered by engine-task-routes.ts.
import { Type } from "typebox";
import { completeRepTasks } from "../../../engine/index.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { ItemError, stdErrors, Uuid } from "../../schemas.ts";
import { RepTaskView, repView } from "./common.ts";

export const postRepTasksDoneRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/rep-tasks/done",
    {
      schema: {
        tags: ["tasks"],
        summary:
          "Mark many manual touches done in one transaction, in order; each gets its own result (the touch recorded, or the refusal)",
        body: Type.Object(
          { ids: Type.Array(Uuid, { minItems: 1, maxItems: 500 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                id: Type.String(),
                ok: Type.Boolean(),
                task: Type.Optional(RepTaskView),
                error: Type.Optional(ItemError),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const ids = (req.body as { ids: string[] }).ids;
      const e = await deps.engine();
      const answers = await completeRepTasks(e, req.principal, ids, deps.now());
      return {
        results: answers.map((a, i) =>
          a instanceof BatonError
            ? {
                id: ids[i],
                ok: false,
                error: a.itemError(),
              }
            : { id: ids[i], ok: true, task: repView(a) },
        ),
      };
    },
  );
};
