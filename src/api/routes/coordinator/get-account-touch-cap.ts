// GET /api/v1/accounts/:accountId/touch-cap: An account's weekly touch cap (issue 61): its own, its segment's and the one gate 3 counts.
// Registered by coordinator-routes.ts.
import { getAccountTouchCap } from "../../../coordinator/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { AccountParams, AccountTouchCap, tags } from "./common.ts";

export const getAccountTouchCapRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/accounts/:accountId/touch-cap",
    {
      schema: {
        tags,
        summary: "An account's weekly touch cap (issue 61): its own, its segment's and the one gate 3 counts",
        params: AccountParams,
        response: { 200: AccountTouchCap, ...stdErrors },
      },
    },
    async (req) => getAccountTouchCap(deps.db, req.principal, req.params.accountId),
  );
};
