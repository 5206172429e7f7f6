// GET /api/v1/plays/calibration/retrospectives: Retrospective outcomes vs success criteria, per activated play.
// Registered by plays-admin-routes.ts.
import { Type } from "typebox";
import { retrospectives } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const listPlaysCalibrationRetrospectivesRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/calibration/retrospectives",
    {
      schema: {
        tags,
        summary: "Retrospective outcomes vs success criteria, per activated play",
        response: { 200: Type.Any(), ...stdErrors },
      },
    },
    async (req) => ({ items: await retrospectives(deps.db, req.principal) }),
  );
};
