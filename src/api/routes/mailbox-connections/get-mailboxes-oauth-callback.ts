// GET /api/v1/mailboxes/oauth/:provider/callback: The provider's redirect back after consent (authorization code); completes in the starter's sign-in session and sends the browser to My mailbox.
// Registered by mailbox-connections-routes.ts.
import { Type } from "typebox";
import { lookupSession } from "../../../auth/sessions/lookup-session.ts";
import { isBatonError } from "../../../errors/baton-error.ts";
import { finishMailboxConnect, stateInvalid } from "../../../mailboxes/index.ts";
import type { RouteModule } from "../../context.ts";
import { toBatonError } from "../../error-handler.ts";
import { stdErrors } from "../../schemas.ts";
import { sessionCookieOf } from "../../session-auth.ts";
import { myMailbox, ProviderParams, settings } from "./common.ts";

export const getMailboxesOauthCallbackRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/mailboxes/oauth/:provider/callback",
    {
      // the provider redirects the browser here: no bearer token; the browser's sign-in cookie says who
      config: { public: true },
      // the query carries the authorization code: request log lines only at warn
      logLevel: "warn",
      schema: {
        tags: ["mailboxes"],
        summary:
          "The provider's redirect back after consent (authorization code); completes in the starter's sign-in session and sends the browser to My mailbox",
        description:
          "Always answers 302 to /my-mailbox: ?connected=<mailbox>&outcome=connected|reconnected|resumed, or ?error=<code> (MAILBOX_OAUTH_STATE_INVALID with reason=used|expired|other_session|other_person|other_provider|no_session, MAILBOX_ACCOUNT_MISMATCH with account, MAILBOX_SCOPES_MISSING with missing, MAILBOX_TAKEN, MAILBOX_CONSENT_FAILED). A refusal stores nothing; a refused state spends no code.",
        security: [],
        params: ProviderParams,
        querystring: Type.Object({
          state: Type.String({
            minLength: 1,
            maxLength: 1000,
            description: "the state of the authorize URL",
          }),
          code: Type.Optional(
            Type.String({ minLength: 1, maxLength: 4000, description: "the authorization code" }),
          ),
          error: Type.Optional(Type.String({ maxLength: 200, description: "RFC 6749 §4.1.2.1 error code" })),
          error_description: Type.Optional(
            Type.String({ maxLength: 2000, description: "the provider's description of the error" }),
          ),
          scope: Type.Optional(
            Type.String({
              maxLength: 4000,
              description: "Google: the scopes granted (the token's answer decides)",
            }),
          ),
          session_state: Type.Optional(
            Type.String({ maxLength: 200, description: "Microsoft: its session's id" }),
          ),
          iss: Type.Optional(
            Type.String({ maxLength: 500, description: "RFC 9207: the authorization server" }),
          ),
          authuser: Type.Optional(Type.String({ maxLength: 20, description: "Google: the account index" })),
          hd: Type.Optional(Type.String({ maxLength: 253, description: "Google: the Workspace domain" })),
          prompt: Type.Optional(Type.String({ maxLength: 50, description: "Google: the prompt shown" })),
        }),
        response: {
          302: Type.Null({ description: "to /my-mailbox with the outcome" }),
          ...stdErrors,
        },
      },
    },
    async (req, reply) => {
      const name = req.params.provider;
      const q = req.query;
      const now = deps.now();
      try {
        const s = settings(deps, name);
        const cookie = sessionCookieOf(req, deps);
        const session = cookie
          ? await lookupSession(deps.db, cookie, deps.config.session, now).catch(() => undefined)
          : undefined;
        if (!session)
          throw stateInvalid(
            name,
            "no_session",
            "this browser has no live Baton sign-in; the consent completes only in the sign-in session of the person who started it",
          );
        const r = await finishMailboxConnect(
          deps.db,
          s,
          session.principal,
          session.sessionId,
          { state: q.state, code: q.code, error: q.error, errorDescription: q.error_description },
          now,
        );
        return reply.redirect(myMailbox({ provider: name, connected: r.mailbox, outcome: r.outcome }), 302);
      } catch (e) {
        if (!isBatonError(e)) throw e;
        const err = toBatonError(e);
        req.log.warn({ code: err.code, reason: err.facts.reason }, "a mailbox connection was refused");
        const fact = (k: string) => (typeof err.facts[k] === "string" ? (err.facts[k] as string) : undefined);
        return reply.redirect(
          myMailbox({
            provider: name,
            error: err.code,
            reason: fact("reason"),
            mailbox: fact("mailbox"),
            account: fact("account"),
            missing: fact("missing"),
          }),
          302,
        );
      }
    },
  );
};
