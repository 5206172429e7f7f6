// GET /api/v1/mailboxes/:mailbox: One mailbox's state (by address or inbox id).
// Registered by mailboxes-routes.ts.
import { listMailboxStates } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Mailbox, Params } from "./common.ts";

export const getMailboxRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/mailboxes/:mailbox",
    {
      schema: {
        tags: ["mailboxes"],
        summary: "One mailbox's state (by address or inbox id)",
        params: Params,
        response: { 200: Mailbox, ...stdErrors },
      },
    },
    async (req) => (await listMailboxStates(deps.db, req.principal, deps.now(), req.params.mailbox))[0]!,
  );
};
