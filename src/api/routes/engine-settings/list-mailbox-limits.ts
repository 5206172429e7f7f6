// GET /api/v1/mailbox-limits: Sending mailboxes with a daily limit and today's sends.
// Registered by engine-settings-routes.ts.
import { Type } from "typebox";
import { requireRole } from "../../../auth/principal.ts";
import { listMailboxLimits } from "../../../channels/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { MailboxLimitView } from "./common.ts";

export const listMailboxLimitsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/mailbox-limits",
    {
      schema: {
        tags: ["engine"],
        summary: "Sending mailboxes with a daily limit and today's sends",
        response: { 200: Type.Object({ items: Type.Array(MailboxLimitView) }), ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "read mailbox limits", "revops", "admin");
      return { items: await listMailboxLimits(deps.db, req.principal.clientId, deps.now()) };
    },
  );
};
