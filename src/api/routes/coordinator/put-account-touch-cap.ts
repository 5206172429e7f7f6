// PUT /api/v1/accounts/:accountId/touch-cap: Set or clear an account's own weekly touch cap, over its segment's (revops, admin).
// Registered by coordinator-routes.ts.
import { Type } from "typebox";
import { setAccountTouchCap } from "../../../coordinator/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { AccountParams, AccountTouchCap, Nullable, tags } from "./common.ts";

export const putAccountTouchCapRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/accounts/:accountId/touch-cap",
    {
      schema: {
        tags,
        summary: "Set or clear an account's own weekly touch cap, over its segment's (revops, admin)",
        params: AccountParams,
        body: Type.Object(
          {
            weekly_touch_cap: Nullable(
              Type.Integer({
                minimum: 1,
                maximum: 1000,
                description:
                  "issue 61: at most this many touches to all contacts of the account in any rolling 7 days (1 to 1000); gate 3 holds the rest (reason account_cap_exceeded, resolution account_weekly_cap); null: the segment's cap (segments' account_weekly_touch_cap), if any",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AccountTouchCap, ...stdErrors },
      },
    },
    async (req) =>
      setAccountTouchCap(deps.db, req.principal, req.params.accountId, req.body.weekly_touch_cap),
  );
};
