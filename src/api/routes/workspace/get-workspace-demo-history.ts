// GET /api/v1/workspace/demo-history: Where the demo's living history stands: built in the background after the first start (issue 37 item 8).
// Registered by workspace-routes.ts.
import { Type } from "typebox";
import { demoHistoryStatus } from "../../../demo/demo-history.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Int } from "./common.ts";

export const getWorkspaceDemoHistoryRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/workspace/demo-history",
    {
      schema: {
        tags: ["workspace"],
        summary:
          "Where the demo's living history stands: built in the background after the first start (issue 37 item 8)",
        response: {
          200: Type.Object({
            state: Type.Union([Type.Literal("none"), Type.Literal("building"), Type.Literal("done")]),
            days_done: Int,
            days: Int,
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => demoHistoryStatus(deps.db, req.principal.clientId),
  );
};
