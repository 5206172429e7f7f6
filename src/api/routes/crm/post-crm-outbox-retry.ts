// POST /api/v1/crm/outbox/:id/retry: Re-queue a dead-lettered CRM write.
// Registered by crm-routes.ts.
import { Type } from "typebox";
import { requireRole } from "../../../auth/principal.ts";
import { retryDeadCrmWrite } from "../../../crm/crm-outbox-queries.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";

export const postCrmOutboxRetryRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/crm/outbox/:id/retry",
    {
      schema: {
        tags: ["crm"],
        summary: "Re-queue a dead-lettered CRM write",
        params: Type.Object({
          id: Type.Integer({
            minimum: 1,
            description: "The outbox write's id, as GET /api/v1/crm/outbox lists it",
          }),
        }),
        response: { 200: Type.Object({ id: Type.Integer(), status: Type.Literal("pending") }), ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "re-queue a CRM write", "revops", "admin");
      return retryDeadCrmWrite(deps.db, req.principal.clientId, req.params.id, deps.now());
    },
  );
};
