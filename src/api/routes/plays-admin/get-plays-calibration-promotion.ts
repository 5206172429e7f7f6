// GET /api/v1/plays/calibration/promotion: Promotion rate (activated / drafted) per brain agent per quarter; target >= 30%.
// Registered by plays-admin-routes.ts.
import { Type } from "typebox";
import { promotionRates } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const getPlaysCalibrationPromotionRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/calibration/promotion",
    {
      schema: {
        tags,
        summary: "Promotion rate (activated / drafted) per brain agent per quarter; target >= 30%",
        response: {
          200: Type.Object({
            target: Type.Number(),
            items: Type.Array(
              Type.Object({
                agent_id: Type.String(),
                quarter: Type.String(),
                drafted: Type.Integer(),
                activated: Type.Integer(),
                promotion_rate: Type.Number(),
                below_target: Type.Boolean(),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => ({ target: 0.3, items: await promotionRates(deps.db, req.principal) }),
  );
};
