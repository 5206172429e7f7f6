// GET /api/v1/plays/calibration/edits: Edit volume during review, per play and per brain agent.
// Registered by plays-admin-routes.ts.
import { Type } from "typebox";
import { editVolume } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const listPlaysCalibrationEditsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/calibration/edits",
    {
      schema: {
        tags,
        summary: "Edit volume during review, per play and per brain agent",
        response: { 200: Type.Any(), ...stdErrors },
      },
    },
    async (req) => editVolume(deps.db, req.principal),
  );
};
