// The CRM outbox, visible (spec 002 CRM: a failed CRM write is retried and never lost; dead
// letters are shown here and can be re-queued). Thin: parse, authorize, call one domain function.
import { Type } from "typebox";
import { requireRole } from "../../auth/principal.ts";
import { listCrmOutbox, retryDeadCrmWrite } from "../../crm/crm-outbox-queries.ts";
import type { RouteModule } from "../context.ts";
import { PAGE_FIELDS, pageOf, stdErrors } from "../schemas.ts";

const Status = Type.Union([Type.Literal("pending"), Type.Literal("done"), Type.Literal("dead")]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

const OutboxItem = Type.Object({
  id: Type.Integer(),
  contact_id: Type.String(),
  op: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  status: Status,
  attempts: Type.Integer(),
  next_attempt_at: Type.String(),
  last_error: Nullable(Type.String()),
  created_at: Type.String(),
  done_at: Nullable(Type.String()),
});

export const crmRoutes: RouteModule = (app, deps) => {
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
