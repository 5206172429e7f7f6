// GET /api/v1/cohort: Quarter-end cohort retrospective: brain-co-designed plays vs everything without a brain (RevOps, SLM, exec, admin, and the brain agents: spec 000's calibration loop).
// Registered by coordinator-events-routes.ts.
import { Type } from "typebox";
import { cohortView } from "../../../cohort/index.ts";
import type { RouteModule } from "../../context.ts";
import { Outcomes } from "../../schemas/coordinator.ts";
import { IsoTime, stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const getCohortRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/cohort",
    {
      schema: {
        tags,
        summary:
          "Quarter-end cohort retrospective: brain-co-designed plays vs everything without a brain (RevOps, SLM, exec, admin, and the brain agents: spec 000's calibration loop)",
        querystring: Type.Object({
          quarter: Type.String({ maxLength: 10, description: "YYYY-Qn, e.g. 2026-Q4" }),
        }),
        response: {
          200: Type.Object({
            quarter: Type.String(),
            from: IsoTime,
            to: IsoTime,
            brain: Type.Object({
              ...Outcomes,
              plays: Type.Array(
                Type.Object({
                  play_id: Type.String(),
                  name: Type.String(),
                  touches: Type.Integer(),
                  replies: Type.Integer(),
                  meetings: Type.Integer(),
                }),
              ),
            }),
            no_brain: Type.Object(Outcomes),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => cohortView(deps.db, req.principal, req.query.quarter),
  );
};
