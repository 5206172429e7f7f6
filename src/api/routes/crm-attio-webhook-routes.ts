// The workspace's Attio webhook (issue 71 item 5; docs/adapters.md "Attio → Baton"): a revops or
// admin person registers it (Baton creates it through Attio's API and keeps its secret sealed),
// reads it, or removes it; the poll goes on as the fallback. Thin over src/crm/attio-webhook.ts.
import { Type } from "typebox";
import { AttioCrm } from "../../crm/attio-crm.ts";
import { readAttioWebhook, registerAttioWebhook, removeAttioWebhook } from "../../crm/attio-webhook.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { AppDeps, RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const PATH = "/api/v1/crm/attio/webhook";

const Webhook = Type.Object({
  id: Type.String({ description: "Baton's id of the webhook, the last segment of url" }),
  url: Type.String({ description: "Where Attio posts the events (BATON_PUBLIC_URL + the inbound path)" }),
  attio_webhook_id: Type.String({ description: "Attio's id of the webhook" }),
  attio_workspace_id: Type.String({ description: "The Attio workspace whose events it receives" }),
  events: Type.Array(Type.String(), {
    description: "The record events subscribed to, of the people, deals and companies objects",
  }),
  created_at: Type.String(),
  last_event_at: Type.Union([Type.String(), Type.Null()]),
  events_count: Type.Integer({ description: "Deliveries applied" }),
});

function attioApi(deps: AppDeps): AttioCrm {
  const attio = deps.config.attio;
  if (!attio) throw new BatonError("CRM_PROVIDER_NOT_CONFIGURED", { provider: "attio" });
  return new AttioCrm(attio, undefined, undefined, { db: deps.db, now: deps.now });
}

export const crmAttioWebhookRoutes: RouteModule = (app, deps) => {
  app.post(
    PATH,
    {
      schema: {
        tags: ["crm"],
        summary:
          "Register the workspace's Attio webhook (replaces the one registered before); Attio's secret is kept sealed, never returned",
        response: {
          200: Type.Object({
            ...Webhook.properties,
            replaced: Type.Union([Type.String(), Type.Null()], {
              description: "Attio's id of the webhook this one replaced (deleted in Attio), or null",
            }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      registerAttioWebhook(
        deps.db,
        req.principal,
        { api: attioApi(deps), secret: deps.config.secret, publicUrl: deps.config.publicUrl },
        deps.now(),
      ),
  );

  app.get(
    PATH,
    {
      schema: {
        tags: ["crm"],
        summary: "The workspace's Attio webhook, or null when none is registered (the poll alone)",
        response: {
          200: Type.Object({ webhook: Type.Union([Webhook, Type.Null()]) }),
          ...stdErrors,
        },
      },
    },
    async (req) => ({ webhook: await readAttioWebhook(deps.db, req.principal, deps.config.publicUrl) }),
  );

  app.delete(
    PATH,
    {
      schema: {
        tags: ["crm"],
        summary: "Remove the workspace's Attio webhook, here and in Attio; the poll goes on alone",
        response: {
          200: Type.Object({
            removed: Type.Literal(true),
            removed_in_attio: Type.Boolean({
              description: "false: Attio could not be told; delete it there",
            }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => removeAttioWebhook(deps.db, req.principal, attioApi(deps)),
  );
};
