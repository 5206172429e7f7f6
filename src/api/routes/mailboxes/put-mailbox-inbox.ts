// PUT /api/v1/mailboxes/:mailbox/inbox: Set a mailbox's IMAP settings (admin, revops); the password is write-only.
// Registered by mailboxes-routes.ts.
import { Type } from "typebox";
import { addInbox } from "../../../inbox/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { AuthservIds, Params, Str } from "./common.ts";

export const putMailboxInboxRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/mailboxes/:mailbox/inbox",
    {
      schema: {
        tags: ["mailboxes"],
        summary: "Set a mailbox's IMAP settings (admin, revops); the password is write-only",
        params: Params,
        body: Type.Object(
          {
            host: Type.String({ minLength: 1, maxLength: 255 }),
            port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
            tls: Type.Optional(Type.Boolean({ default: true })),
            username: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
            auth: Type.Union([
              Type.Object(
                {
                  kind: Type.Literal("password"),
                  password: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, writeOnly: true })),
                  password_env: Type.Optional(Type.String({ pattern: "^BATON_MAILBOX_[A-Z0-9_]{1,50}$" })),
                },
                { additionalProperties: false },
              ),
              Type.Object(
                {
                  kind: Type.Literal("xoauth2"),
                  provider: Type.String({ pattern: "^[a-z0-9_-]{1,40}$" }),
                  refresh_token: Type.Optional(
                    Type.String({
                      minLength: 1,
                      maxLength: 4000,
                      writeOnly: true,
                      description: "the mailbox's OAuth2 refresh token (google, microsoft); stored encrypted",
                    }),
                  ),
                  refresh_token_env: Type.Optional(
                    Type.String({
                      pattern: "^BATON_MAILBOX_[A-Z0-9_]{1,50}$",
                      description: "or the BATON_MAILBOX_* variable that holds it",
                    }),
                  ),
                },
                { additionalProperties: false },
              ),
            ]),
            folder: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            replace: Type.Optional(Type.Boolean()),
            trusted_authserv_ids: Type.Optional(AuthservIds),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Str, mailbox: Str, replaced: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body;
      return addInbox(
        deps.db,
        req.principal,
        deps.config.secret,
        {
          mailbox: req.params.mailbox,
          host: b.host,
          port: b.port,
          tls: b.tls,
          username: b.username,
          auth:
            b.auth.kind === "password"
              ? { kind: "password", password: b.auth.password, passwordEnv: b.auth.password_env }
              : {
                  kind: "xoauth2",
                  provider: b.auth.provider,
                  refreshToken: b.auth.refresh_token,
                  refreshTokenEnv: b.auth.refresh_token_env,
                },
          folder: b.folder,
          replace: b.replace,
          trustedAuthservIds: b.trusted_authserv_ids,
        },
        deps.now(),
      );
    },
  );
};
