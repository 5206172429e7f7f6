// PUT /api/v1/mailbox-limits/:mailbox: Set (or clear with null) a sending mailbox's daily send limit.
// Registered by engine-settings-routes.ts.
import { requireRole } from "../../../auth/principal.ts";
import { setMailboxLimit } from "../../../channels/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { MailboxLimitBody, MailboxLimitView, MailboxParams, mailboxView } from "./common.ts";

export const putMailboxLimitRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/mailbox-limits/:mailbox",
    {
      schema: {
        tags: ["engine"],
        summary: "Set (or clear with null) a sending mailbox's daily send limit",
        params: MailboxParams,
        body: MailboxLimitBody,
        response: { 200: MailboxLimitView, ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "set mailbox limits", "revops", "admin");
      const now = deps.now();
      await setMailboxLimit(deps.db, req.principal.clientId, req.params.mailbox, req.body.daily_limit, now);
      return mailboxView(deps.db, req.principal.clientId, req.params.mailbox, now);
    },
  );
};
