// GET /api/v1/mailboxes: Every mailbox: its inbox (connected, last sync, cursor, errors) and its sends today.
// Registered by mailboxes-routes.ts.
import { Type } from "typebox";
import { listMailboxStates } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Mailbox } from "./common.ts";

export const listMailboxesRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/mailboxes",
    {
      schema: {
        tags: ["mailboxes"],
        summary: "Every mailbox: its inbox (connected, last sync, cursor, errors) and its sends today",
        response: { 200: Type.Object({ items: Type.Array(Mailbox) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listMailboxStates(deps.db, req.principal, deps.now()) }),
  );
};
