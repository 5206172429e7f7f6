// GET /api/v1/workspace/campaigns/:slug/counts: A campaign's enrollments counted by status.
// Registered by workspace-routes.ts.
import { Type } from "typebox";
import { enrollmentCounts } from "../../../workspace/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Int, Str } from "./common.ts";

export const listWorkspaceCampaignCountsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/workspace/campaigns/:slug/counts",
    {
      schema: {
        tags: ["workspace"],
        summary: "A campaign's enrollments counted by status",
        params: Type.Object({
          slug: Type.String({ maxLength: 64, description: "The campaign's slug (or id)" }),
        }),
        response: {
          200: Type.Object({ campaign_id: Str, counts: Type.Record(Str, Int) }),
          ...stdErrors,
        },
      },
    },
    async (req) => enrollmentCounts(deps.db, req.principal, req.params.slug),
  );
};
