// PUT /api/v1/plays/config: Set the default segment cap (3..8) and review threshold (RevOps).
// Registered by plays-admin-routes.ts.
import { Type } from "typebox";
import { setPlayConfig } from "../../../plays/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Config, tags } from "./common.ts";

export const putPlaysConfigRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/plays/config",
    {
      schema: {
        tags,
        summary: "Set the default segment cap (3..8) and review threshold (RevOps)",
        body: Type.Object(
          {
            default_segment_cap: Type.Optional(Type.Integer()),
            review_threshold: Type.Optional(Type.Integer({ minimum: 1 })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Config, ...stdErrors },
      },
    },
    async (req) => setPlayConfig(deps.db, req.principal, req.body as any, deps.now()),
  );
};
