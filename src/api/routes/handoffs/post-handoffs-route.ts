// POST /api/v1/handoffs/route: The exec routes many hand-offs in one call, in order; each gets its own result (one transaction where it can).
// Registered by handoffs-routes.ts.
import { Type } from "typebox";
import { routeHandoffs } from "../../../campaigns/index.ts";
import { isBatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { EnrollResult } from "../../schemas/enrollments.ts";
import { RouteHandoffsBody } from "../../schemas/handoffs.ts";
import { ItemError, stdErrors } from "../../schemas.ts";
import { HandoffRef, tags } from "./common.ts";

export const postHandoffsRouteRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/handoffs/route",
    {
      schema: {
        tags,
        summary:
          "The exec routes many hand-offs in one call, in order; each gets its own result (one transaction where it can)",
        body: RouteHandoffsBody,
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                handoff_id: Type.String(),
                ok: Type.Boolean(),
                handoff: Type.Optional(HandoffRef),
                enrollments: Type.Optional(Type.Array(EnrollResult)),
                error: Type.Optional(ItemError),
              }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const inputs = req.body.items.map((x) => ({
        handoffId: x.handoff_id,
        campaigns: x.campaigns,
        goal: x.goal as any,
        notes: x.notes,
      }));
      const answers = await routeHandoffs(deps.db, req.principal, inputs, deps.now());
      return {
        results: answers.map((a, i) => {
          const handoff_id = inputs[i].handoffId;
          if (isBatonError(a))
            return {
              handoff_id,
              ok: false,
              error: a.itemError(),
            };
          return { handoff_id, ok: true, handoff: a.handoff, enrollments: a.enrollments };
        }),
      };
    },
  );
};
