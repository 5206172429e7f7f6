// GET /api/v1/plays/active/segments/:segment/figures: A segment's active plays with their touches, replies and meetings (which to retire at the cap).
// Registered by plays-library-routes.ts.
import { Type } from "typebox";
import { requireRole } from "../../../auth/principal.ts";
import { playFigures } from "../../../learning/index.ts";
import { activePlaysForSegment } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { SegmentParams } from "../../schemas/plays.ts";
import { IsoTime, stdErrors } from "../../schemas.ts";
import { FIGURE_READERS, Figures, N, tags } from "./common.ts";

export const listPlaysActiveSegmentFiguresRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/plays/active/segments/:segment/figures",
    {
      schema: {
        tags,
        summary:
          "A segment's active plays with their touches, replies and meetings (which to retire at the cap)",
        params: SegmentParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                play_id: Type.String(),
                name: Type.String(),
                activated_at: N(IsoTime),
                ...Figures.properties,
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      requireRole(req.principal, "read play figures", ...FIGURE_READERS);
      const plays = await activePlaysForSegment(deps.db, req.principal, req.params.segment, deps.now());
      const figures = await playFigures(
        deps.db,
        req.principal.clientId,
        plays.map((p) => p.play_id),
      );
      return {
        items: plays.map((p) => ({
          play_id: p.play_id,
          name: p.name,
          activated_at: p.activated_at,
          ...figures.get(p.play_id)!,
        })),
      };
    },
  );
};
