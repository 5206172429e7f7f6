// GET /api/v1/plays/active/accounts/:accountId: Active plays for an account: its account-specific play and its segment's plays.
// Registered by plays-read-routes.ts.
import { Type } from "typebox";
import { activePlaysForAccount } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { IdParam, stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const getPlaysActiveAccountRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/active/accounts/:accountId",
    {
      schema: {
        tags,
        summary: "Active plays for an account: its account-specific play and its segment's plays",
        params: Type.Object({ accountId: IdParam("account", "text") }),
        response: {
          200: Type.Object({
            account_id: Type.String(),
            segment: Type.Union([Type.String(), Type.Null()]),
            account_plays: Type.Array(Type.Ref("Play")),
            segment_plays: Type.Array(Type.Ref("Play")),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => activePlaysForAccount(deps.db, req.principal, req.params.accountId, deps.now()),
  );
};
