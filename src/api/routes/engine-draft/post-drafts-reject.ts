// POST /api/v1/drafts/reject: Reject many drafts (exec); each gets its own result.
// Registered by engine-draft-routes.ts.
import { Type } from "typebox";
import { decideDrafts } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors, Uuid } from "../../schemas.ts";
import { BulkResult } from "./common.ts";

export const postDraftsRejectRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/drafts/reject",
    {
      schema: {
        tags: ["drafts"],
        summary: "Reject many drafts (exec); each gets its own result",
        body: Type.Object({
          ids: Type.Array(Uuid, { minItems: 1, maxItems: 500 }),
          reason: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 200: BulkResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body as { ids: string[]; reason?: string };
      return {
        results: await decideDrafts(
          deps.db,
          req.principal,
          b.ids,
          { action: "reject", reason: b.reason ?? null },
          deps.now(),
        ),
      };
    },
  );
};
