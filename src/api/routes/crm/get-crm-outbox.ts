// GET /api/v1/crm/outbox: CRM writes waiting, applied and dead-lettered (newest first); 50 a page unless limit says.
// Registered by crm-routes.ts.
import { Type } from "typebox";
import { requireRole } from "../../../auth/principal.ts";
import { listCrmOutbox } from "../../../crm/crm-outbox-queries.ts";
import type { RouteModule } from "../../context.ts";
import { PAGE_FIELDS, pageOf, stdErrors } from "../../schemas.ts";
import { OutboxItem, Status } from "./common.ts";

export const getCrmOutboxRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/crm/outbox",
    {
      schema: {
        tags: ["crm"],
        summary: "CRM writes waiting, applied and dead-lettered (newest first); 50 a page unless limit says",
        querystring: Type.Object({
          status: Type.Optional({ ...Status, description: "Only writes in this status" }),
          ...PAGE_FIELDS,
        }),
        response: {
          200: Type.Object({
            ...pageOf(OutboxItem).properties,
            counts: Type.Object(
              { pending: Type.Integer(), done: Type.Integer(), dead: Type.Integer() },
              { description: "How many writes of the whole outbox are in each status" },
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      requireRole(req.principal, "read the CRM outbox", "revops", "admin", "exec");
      return listCrmOutbox(deps.db, req.principal.clientId, {
        status: req.query.status,
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
    },
  );
};
