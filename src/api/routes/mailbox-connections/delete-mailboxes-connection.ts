// DELETE /api/v1/mailboxes/connections/:mailbox: Disconnect a mailbox (its owner or an admin): its tokens are deleted, Google's grant revoked.
// Registered by mailbox-connections-routes.ts.
import { Type } from "typebox";
import { disconnectMailbox, mailboxOAuthProvider } from "../../../mailboxes/index.ts";
import type { RouteModule } from "../../context.ts";
import { Nullable, stdErrors } from "../../schemas.ts";
import { MailboxParams, people } from "./common.ts";

export const deleteMailboxesConnectionRoute: RouteModule = (app, deps) => {
  app.delete(
    "/api/v1/mailboxes/connections/:mailbox",
    {
      ...people,
      schema: {
        tags: ["mailboxes"],
        summary:
          "Disconnect a mailbox (its owner or an admin): its tokens are deleted, Google's grant revoked",
        description:
          "The row stays (status disconnected) for the history of its sends. Google: the refresh token is revoked at Google (RFC 7009). Microsoft offers no endpoint to revoke a delegated grant: `how` says where the person or an admin removes it.",
        params: MailboxParams,
        response: {
          200: Type.Object({
            mailbox: Type.String({ description: "the mailbox's address" }),
            provider: Type.String({ description: "google | microsoft | imap_smtp" }),
            status: Type.Literal("disconnected"),
            revoked: Type.Boolean({ description: "the provider revoked Baton's grant" }),
            how: Nullable(
              Type.String({ description: "when it did not: where to remove Baton's access at the provider" }),
            ),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      disconnectMailbox(
        deps.db,
        { secret: deps.config.secret, provider: (n) => mailboxOAuthProvider(deps.config, n) },
        req.principal,
        req.params.mailbox,
        deps.now(),
      ),
  );
};
