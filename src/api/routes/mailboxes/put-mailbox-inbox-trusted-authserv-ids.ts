// PUT /api/v1/mailboxes/:mailbox/inbox/trusted-authserv-ids: Which receiving servers' Authentication-Results the mailbox trusts (admin, revops): inbound mail acts only when authenticated.
// Registered by mailboxes-routes.ts.
import { Type } from "typebox";
import { setTrustedAuthservIds } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { AuthservIds, Params, Str } from "./common.ts";

export const putMailboxInboxTrustedAuthservIdsRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/mailboxes/:mailbox/inbox/trusted-authserv-ids",
    {
      schema: {
        tags: ["mailboxes"],
        summary:
          "Which receiving servers' Authentication-Results the mailbox trusts (admin, revops): inbound mail acts only when authenticated",
        params: Params,
        body: Type.Object({ trusted_authserv_ids: AuthservIds }, { additionalProperties: false }),
        response: {
          200: Type.Object({ id: Str, mailbox: Str, trusted_authserv_ids: Type.Array(Str) }),
          ...stdErrors,
        },
      },
    },
    async (req) =>
      setTrustedAuthservIds(
        deps.db,
        req.principal,
        req.params.mailbox,
        req.body.trusted_authserv_ids,
        deps.now(),
      ),
  );
};
