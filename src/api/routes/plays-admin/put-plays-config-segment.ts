// PUT /api/v1/plays/config/segments/:segment: Set a segment's cap override (3..8, null = default) and auto-sunset (RevOps), and its accounts' weekly touch cap (RevOps, admin).
// Registered by plays-admin-routes.ts.
import { Type } from "typebox";
import { setSegmentConfig } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { SegmentKey, stdErrors } from "../../schemas.ts";
import { SegmentCap, tags } from "./common.ts";

export const putPlaysConfigSegmentRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/plays/config/segments/:segment",
    {
      schema: {
        tags,
        summary:
          "Set a segment's cap override (3..8, null = default) and auto-sunset (RevOps), and its accounts' weekly touch cap (RevOps, admin)",
        params: Type.Object({ segment: SegmentKey }),
        body: Type.Object(
          {
            play_cap: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
            auto_sunset: Type.Optional(Type.Boolean()),
            account_weekly_touch_cap: Type.Optional(
              Type.Union([
                Type.Integer({
                  minimum: 1,
                  maximum: 1000,
                  description:
                    "issue 61: at most this many touches to all contacts of one of the segment's accounts in any rolling 7 days (1 to 1000), unless the account sets its own; gate 3 holds the rest (reason account_cap_exceeded, resolution account_weekly_cap); null: none",
                }),
                Type.Null(),
              ]),
            ),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: SegmentCap, ...stdErrors },
      },
    },
    async (req) => setSegmentConfig(deps.db, req.principal, req.params.segment, req.body as any, deps.now()),
  );
};
