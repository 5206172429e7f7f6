// GET /api/v1/drafting-tasks: Open drafting tasks an agent can lease (touches waiting for a draft), oldest first; 50 a page unless limit says.
// Registered by engine-task-routes.ts.
import type { PageArgs } from "../../../db/page-cursor.ts";
import { listDraftingTasks } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { DraftingTasksQuery, DraftingTaskView, taskView } from "../../schemas/engine.ts";
import { pageOf, stdErrors } from "../../schemas.ts";

export const listDraftingTasksRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/drafting-tasks",
    {
      schema: {
        tags: ["drafting"],
        summary:
          "Open drafting tasks an agent can lease (touches waiting for a draft), oldest first; 50 a page unless limit says",
        querystring: DraftingTasksQuery,
        response: { 200: pageOf(DraftingTaskView), ...stdErrors },
      },
    },
    async (req) => {
      const page = await listDraftingTasks(deps.db, req.principal, deps.now(), req.query as PageArgs);
      return { items: page.items.map(taskView), next_cursor: page.next_cursor };
    },
  );
};
