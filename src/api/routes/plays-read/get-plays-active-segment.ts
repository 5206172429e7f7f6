// GET /api/v1/plays/active/segments/:segment: Active, unexpired plays of a segment (AGT-302 hot path); unpaged: the segment's active-play cap bounds it.
// Registered by plays-read-routes.ts.
import { activePlaysForSegment } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { PlayList, SegmentParams } from "../../schemas/plays.ts";
import { stdErrors } from "../../schemas.ts";
import { tags } from "./common.ts";

export const getPlaysActiveSegmentRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/active/segments/:segment",
    {
      schema: {
        tags,
        summary:
          "Active, unexpired plays of a segment (AGT-302 hot path); unpaged: the segment's active-play cap bounds it",
        params: SegmentParams,
        response: { 200: PlayList, ...stdErrors },
      },
    },
    async (req) => ({
      items: await activePlaysForSegment(deps.db, req.principal, req.params.segment, deps.now()),
    }),
  );
};
