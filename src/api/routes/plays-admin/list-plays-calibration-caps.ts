// GET /api/v1/plays/calibration/caps: Active vs cap per segment; total active, flagged over the review threshold (30).
// Registered by plays-admin-routes.ts.
import { Type } from "typebox";
import { capSignals } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { SegmentCap, tags } from "./common.ts";

export const listPlaysCalibrationCapsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/calibration/caps",
    {
      schema: {
        tags,
        summary: "Active vs cap per segment; total active, flagged over the review threshold (30)",
        response: {
          200: Type.Object({
            segments: Type.Array(SegmentCap),
            account_specific_active: Type.Integer(),
            total_active: Type.Integer(),
            review_threshold: Type.Integer(),
            review_flag: Type.Boolean(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => capSignals(deps.db, req.principal, deps.now()),
  );
};
