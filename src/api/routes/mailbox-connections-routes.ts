// The mailboxes people own over HTTP (issue 67 item 1; docs/mailboxes.md "Connect your mailbox"):
// a person starts connecting their own mailbox (POST …/oauth/{provider}/start → the URL where they
// consent), the provider sends the browser back to the callback, which completes the consent only
// in that person's Baton sign-in session and sends the browser to My mailbox with the outcome; the
// list (a person's own; every mailbox for RevOps and admins), disconnect (its owner or an admin), and
// a campaign's pool (RevOps, admins). Thin over src/mailboxes.
import { Type } from "typebox";
import type { Principal } from "../../auth/principal.ts";
import { setCampaignPoolMailbox } from "../../mailboxes/index.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";
import { MailboxParams, managers } from "./mailbox-connections/common.ts";
import { deleteMailboxesConnectionRoute } from "./mailbox-connections/delete-mailboxes-connection.ts";
import { getMailboxesOauthCallbackRoute } from "./mailbox-connections/get-mailboxes-oauth-callback.ts";
import { listMailboxesConnectionsRoute } from "./mailbox-connections/list-mailboxes-connections.ts";
import { postMailboxesOauthStartRoute } from "./mailbox-connections/post-mailboxes-oauth-start.ts";

export const mailboxConnectionsRoutes: RouteModule = (app, deps) => {
  postMailboxesOauthStartRoute(app, deps); // POST /api/v1/mailboxes/oauth/:provider/start
  getMailboxesOauthCallbackRoute(app, deps); // GET /api/v1/mailboxes/oauth/:provider/callback
  listMailboxesConnectionsRoute(app, deps); // GET /api/v1/mailboxes/connections
  deleteMailboxesConnectionRoute(app, deps); // DELETE /api/v1/mailboxes/connections/:mailbox

  for (const op of ["add", "remove"] as const)
    app[op === "add" ? "put" : "delete"](
      "/api/v1/campaigns/:slug/mailbox-pool/:mailbox",
      {
        ...managers,
        schema: {
          tags: ["mailboxes"],
          summary:
            op === "add"
              ? "Put a mailbox into a campaign's pool (RevOps, admins): a disconnected one is refused"
              : "Take a mailbox out of a campaign's pool (RevOps, admins)",
          params: Type.Object({
            slug: Type.String({ minLength: 1, maxLength: 100, description: "The campaign's slug" }),
            mailbox: MailboxParams.properties.mailbox,
          }),
          response: {
            200: Type.Object({
              campaign: Type.String({ description: "the campaign's slug" }),
              pool: Type.Array(Type.String(), { description: "the pool's mailboxes, sorted" }),
            }),
            ...stdErrors,
          },
        },
      },
      async (req: { principal: Principal; params: { slug: string; mailbox: string } }) =>
        setCampaignPoolMailbox(deps.db, req.principal, req.params.slug, req.params.mailbox, op, deps.now()),
    );
};
