// What the routes of crm-webhooks-routes.ts share.
import { Type } from "typebox";

export const CRM_WEBHOOK_PATH = "/api/v1/inbound/crm";
export const Received = Type.Object({
  received: Type.Integer(),
  applied: Type.Integer(),
  unmatched: Type.Integer({ description: "changes naming a CRM record Baton has not linked" }),
});
