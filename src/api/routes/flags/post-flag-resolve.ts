// POST /api/v1/flags/:id/resolve: Resolve a flag, with an optional note (rep: own flags; RevOps, SLM, admin; not the exec).
// Registered by flags-routes.ts.
import { Type } from "typebox";
import { resolveFlag } from "../../../flags/index.ts";
import type { RouteModule } from "../../context.ts";
import { Flag } from "../../schemas/coordinator.ts";
import { stdErrors } from "../../schemas.ts";
import { tags, WebhookParams } from "./common.ts";

export const postFlagResolveRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/flags/:id/resolve",
    {
      schema: {
        tags,
        summary: "Resolve a flag, with an optional note (rep: own flags; RevOps, SLM, admin; not the exec)",
        params: WebhookParams,
        // additionalProperties false: a note sent under another name is refused, not dropped
        body: Type.Optional(
          Type.Object(
            { note: Type.Optional(Type.String({ maxLength: 1000 })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: Flag, ...stdErrors },
      },
    },
    async (req) => resolveFlag(deps.db, req.principal, req.params.id, req.body?.note, deps.now()),
  );
};
