// GET /api/v1/rep-tasks: My task queue by due time, earliest first: LinkedIn touches (rep: mine and my contacts'), personal sends (exec); RevOps and admins see everyone's; 100 a page unless limit says.
// Registered by rep-task-queue-routes.ts.
import type { RepTaskStatus } from "../../../engine/index.ts";
import { type DueScope, listRepTaskQueue } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { pageOf, stdErrors } from "../../schemas.ts";
import { RepTaskItemView, RepTaskQueueQuery, repTaskItemView } from "./common.ts";

export const listRepTasksRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/rep-tasks",
    {
      schema: {
        tags: ["tasks"],
        summary:
          "My task queue by due time, earliest first: LinkedIn touches (rep: mine and my contacts'), personal sends (exec); RevOps and admins see everyone's; 100 a page unless limit says",
        querystring: RepTaskQueueQuery,
        response: { 200: pageOf(RepTaskItemView), ...stdErrors },
      },
    },
    async (req) => {
      const q = req.query as { status?: RepTaskStatus; due?: DueScope; limit?: number; cursor?: string };
      const page = await listRepTaskQueue(deps.db, req.principal, q, deps.now());
      return { items: page.items.map(repTaskItemView), next_cursor: page.next_cursor };
    },
  );
};
