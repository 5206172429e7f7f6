// POST /api/v1/mailboxes/oauth/:provider/start: Start connecting your own mailbox (any person): the URL where you consent at Google or Microsoft.
// Registered by mailbox-connections-routes.ts.
import { Type } from "typebox";
import { startMailboxConnect } from "../../../mailboxes/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Address, ProviderParams, people, settings } from "./common.ts";

export const postMailboxesOauthStartRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/mailboxes/oauth/:provider/start",
    {
      ...people,
      schema: {
        tags: ["mailboxes"],
        summary:
          "Start connecting your own mailbox (any person): the URL where you consent at Google or Microsoft",
        description:
          "Open authorize_url in the browser signed in to Baton as the same person (in the same browser session when this call was made with the session cookie); valid 10 minutes, once. The mailbox is yours: its address is your sign-in address unless you give another of yours, and the account you consent with must be that address. Nobody connects a mailbox for someone else.",
        params: ProviderParams,
        body: Type.Optional(
          Type.Object(
            {
              mailbox: Type.Optional(
                Address("the mailbox's address; default your sign-in address. You become its owner"),
              ),
            },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({
            authorize_url: Type.String({ description: "open it in the browser; valid for 10 minutes, once" }),
            redirect_uri: Type.String({ description: "must be registered in the OAuth app as is" }),
            mailbox: Type.String({ description: "the address the consenting account must be" }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const s = settings(deps, req.params.provider);
      const sessionId = req.signInSession?.sessionId ?? null;
      const r = await startMailboxConnect(
        deps.db,
        s,
        req.principal,
        sessionId,
        req.body?.mailbox,
        deps.now(),
      );
      return { authorize_url: r.authorizeUrl, redirect_uri: r.redirectUri, mailbox: r.mailbox };
    },
  );
};
