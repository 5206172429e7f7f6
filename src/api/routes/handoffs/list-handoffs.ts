// GET /api/v1/handoffs: Hand-offs at the exec gate, newest first (status=open for the exec's queue); 100 a page unless limit says.
// Registered by handoffs-routes.ts.
import { listHandoffs } from "../../../campaigns/index.ts";
import type { RouteModule } from "../../context.ts";
import { HandoffListQuery } from "../../schemas/handoffs.ts";
import { pageOf, stdErrors } from "../../schemas.ts";
import { HandoffRef, tags } from "./common.ts";

export const listHandoffsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/handoffs",
    {
      schema: {
        tags,
        summary:
          "Hand-offs at the exec gate, newest first (status=open for the exec's queue); 100 a page unless limit says",
        querystring: HandoffListQuery,
        response: { 200: pageOf(HandoffRef), ...stdErrors },
      },
    },
    async (req) => listHandoffs(deps.db, req.principal, req.query as any),
  );
};
