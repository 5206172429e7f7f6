// PUT /api/v1/coordinator/config: Set the tenant's touch caps and conflict queue period (revops, admin).
// Registered by coordinator-routes.ts.
import { Type } from "typebox";
import { setCoordinatorConfig } from "../../../coordinator/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Config, configView, tags } from "./common.ts";

export const putCoordinatorConfigRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/coordinator/config",
    {
      schema: {
        tags,
        summary: "Set the tenant's touch caps and conflict queue period (revops, admin)",
        body: Type.Partial(Config, { additionalProperties: false }),
        response: { 200: Config, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      const c = await setCoordinatorConfig(
        deps.db,
        req.principal,
        {
          weeklyTouchCap: b.weekly_touch_cap,
          dailyTouchCap: b.daily_touch_cap,
          conflictQueueHours: b.conflict_queue_hours,
        },
        deps.now(),
      );
      return configView(c);
    },
  );
};
