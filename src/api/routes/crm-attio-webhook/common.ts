// What the routes of crm-attio-webhook-routes.ts share.
import { Type } from "typebox";
import { AttioCrm } from "../../../crm/attio-crm.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { AppDeps } from "../../context.ts";

export const PATH = "/api/v1/crm/attio/webhook";
export const Webhook = Type.Object({
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
export function attioApi(deps: AppDeps): AttioCrm {
  const attio = deps.config.attio;
  if (!attio) throw new BatonError("CRM_PROVIDER_NOT_CONFIGURED", { provider: "attio" });
  return new AttioCrm(attio, undefined, undefined, { db: deps.db, now: deps.now });
}
