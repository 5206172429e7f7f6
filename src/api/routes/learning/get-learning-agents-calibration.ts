// GET /api/v1/learning/agents/calibration: Per brain agent and quarter: promotion rate (target ≥ 30%), edit volume, retrospective hit rate.
// Registered by learning-routes.ts.
import { calibrationAs } from "../../../learning/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Any } from "./common.ts";

export const getLearningAgentsCalibrationRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/learning/agents/calibration",
    {
      schema: {
        tags: ["learning"],
        summary:
          "Per brain agent and quarter: promotion rate (target ≥ 30%), edit volume, retrospective hit rate",
        response: { 200: Any("AgentCalibration"), ...stdErrors },
      },
    },
    async (req) => calibrationAs(deps.db, req.principal),
  );
};
