// GET /api/v1/admin/audit: The audit log, newest first: filter by action, actor, since/until; page with cursor (admin).
// Registered by admin-routes.ts.
import { listAudit } from "../../../audit/index.ts";
import type { RouteModule } from "../../context.ts";
import { pageOf, stdErrors } from "../../schemas.ts";
import { AuditEntry, AuditQuery } from "../admin-schemas.ts";
import { tags } from "./common.ts";

export const getAdminAuditRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/admin/audit",
    {
      schema: {
        tags,
        summary:
          "The audit log, newest first: filter by action, actor, since/until; page with cursor (admin)",
        querystring: AuditQuery,
        response: {
          200: pageOf(AuditEntry),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const q = req.query;
      return listAudit(deps.db, req.principal, {
        action: q.action,
        actor: q.actor,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
        limit: q.limit,
        cursor: q.cursor,
      });
    },
  );
};
