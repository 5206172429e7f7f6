// Proactive flags (list, resolve, scan now), the notifications outbox as an inbox, and the
// per-tenant webhooks it is delivered to (spec 001: "Notifications go to an outbox table, and from
// there to webhooks that are configured per tenant. Sign the payloads.").
import { Type } from "typebox";
import { requireRole } from "../../auth/principal.ts";
import { listFlags, resolveFlag, scanFlags } from "../../flags/index.ts";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listNotifications,
  listWebhooks,
  updateWebhook,
} from "../../notifications/index.ts";
import type { RouteModule } from "../context.ts";
import { Flag, FlagType } from "../schemas/coordinator.ts";
import {
  Cursor,
  IdParam,
  IsoTime,
  Limit,
  Nullable,
  PAGE_FIELDS,
  pageOf,
  stdErrors,
  Uuid,
} from "../schemas.ts";

const N = Nullable;
const Webhook = Type.Object({
  webhook_id: Type.String(),
  url: Type.String(),
  event_types: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  description: Type.String(),
  secret_hint: Type.String({
    description: "The last four characters of the signing secret; the secret is never returned",
  }),
  created_at: IsoTime,
  updated_at: IsoTime,
});
const EventTypes = Type.Array(
  Type.String({ pattern: "^(\\*|[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?)$", maxLength: 100 }),
  {
    maxItems: 50,
    description: "Notification kinds to receive ('flag.stall', 'flag.*'); empty = all",
  },
);
const webhookFields = {
  url: Type.String({ maxLength: 2000, description: "http(s) URL that receives signed POSTs" }),
  secret: Type.String({
    minLength: 16,
    maxLength: 200,
    description: "HMAC-SHA256 signing secret (write-only)",
  }),
  event_types: Type.Optional(EventTypes),
  enabled: Type.Optional(Type.Boolean()),
  description: Type.Optional(Type.String({ maxLength: 500 })),
};
const WebhookParams = Type.Object({ id: IdParam("webhook") });

export const flagsRoutes: RouteModule = (app, deps) => {
  const tags = ["flags"];
  app.get(
    "/api/v1/flags",
    {
      schema: {
        tags,
        summary: "List proactive flags (reps see their own), newest first; 50 a page unless limit says",
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([Type.Literal("open"), Type.Literal("resolved")], { description: "open | resolved" }),
          ),
          flag_type: Type.Optional({ ...FlagType, description: "Only flags of this type" }),
          principal_id: Type.Optional({
            ...Uuid,
            description: "Only flags raised for this principal (uuid)",
          }),
          contact_id: Type.Optional({ ...Uuid, description: "Only flags about this contact (uuid)" }),
          ...PAGE_FIELDS,
        }),
        response: { 200: pageOf(Flag), ...stdErrors },
      },
    },
    async (req) => listFlags(deps.db, req.principal, req.query as Parameters<typeof listFlags>[2]),
  );

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

  app.post(
    "/api/v1/flags/scan",
    {
      schema: {
        tags,
        summary: "Run the proactive-flags scan for this tenant now (RevOps)",
        response: {
          200: Type.Object({
            raised: Type.Record(Type.String(), Type.Integer()),
            resolved: Type.Integer(),
            escalated: Type.Integer(),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      requireRole(req.principal, "run the flags scan", "revops", "admin");
      return scanFlags(deps.db, deps.now(), { clientId: req.principal.clientId });
    },
  );

  app.get(
    "/api/v1/notifications",
    {
      schema: {
        tags: ["notifications"],
        summary:
          "Notifications from the outbox: all of the tenant's (RevOps, admin) or those addressed to the caller about a prospect of their book",
        querystring: Type.Object({
          kind: Type.Optional(
            Type.String({
              maxLength: 100,
              description: "Only this kind (activation.suppressed, flag.stall, ...)",
            }),
          ),
          mine: Type.Optional(
            Type.Boolean({
              description: "Only those addressed to the caller (RevOps and admin see all otherwise)",
            }),
          ),
          limit: Type.Optional({
            ...Limit,
            default: 50,
            description: "How many per page, 1 to 500 (default 50)",
          }),
          cursor: Type.Optional(Cursor),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                notification_id: Type.Integer(),
                kind: Type.String(),
                recipient: Type.Object({ kind: Type.String(), id: Type.String() }),
                payload: Type.Record(Type.String(), Type.Unknown()),
                created_at: IsoTime,
                deliveries: Type.Array(
                  Type.Object({
                    webhook_id: Type.String(),
                    status: Type.String(),
                    attempts: Type.Integer(),
                    last_error: N(Type.String()),
                  }),
                ),
              }),
            ),
            next_cursor: N(Type.String()),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => listNotifications(deps.db, req.principal, req.query),
  );

  const wtags = ["notifications"];
  app.get(
    "/api/v1/webhooks",
    {
      schema: {
        tags: wtags,
        summary: "List the tenant's webhooks (secrets hidden)",
        response: { 200: Type.Array(Webhook), ...stdErrors },
      },
    },
    async (req) => listWebhooks(deps.db, req.principal),
  );
  app.post(
    "/api/v1/webhooks",
    {
      schema: {
        tags: wtags,
        summary: "Add a webhook that receives signed notifications (RevOps, admin)",
        body: Type.Object(webhookFields, { additionalProperties: false }),
        response: { 201: Webhook, ...stdErrors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createWebhook(deps.db, req.principal, req.body, deps.now(), deps.config.webhooks)),
  );
  app.get(
    "/api/v1/webhooks/:id",
    {
      schema: {
        tags: wtags,
        summary: "One webhook (secret hidden)",
        params: WebhookParams,
        response: { 200: Webhook, ...stdErrors },
      },
    },
    async (req) => getWebhook(deps.db, req.principal, req.params.id),
  );
  app.patch(
    "/api/v1/webhooks/:id",
    {
      schema: {
        tags: wtags,
        summary: "Change a webhook: URL, secret (rotate), event types, enabled",
        params: WebhookParams,
        body: Type.Partial(Type.Object(webhookFields), { additionalProperties: false }),
        response: { 200: Webhook, ...stdErrors },
      },
    },
    async (req) =>
      updateWebhook(deps.db, req.principal, req.params.id, req.body, deps.now(), deps.config.webhooks),
  );
  app.delete(
    "/api/v1/webhooks/:id",
    {
      schema: {
        tags: wtags,
        summary: "Remove a webhook and its pending deliveries",
        params: WebhookParams,
        response: { 204: Type.Null(), ...stdErrors },
      },
    },
    async (req, reply) => {
      await deleteWebhook(deps.db, req.principal, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
