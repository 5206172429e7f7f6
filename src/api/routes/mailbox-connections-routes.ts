// The mailboxes people own over HTTP (issue 67 item 1; docs/mailboxes.md "Connect your mailbox"):
// a person starts connecting their own mailbox (POST …/oauth/{provider}/start → the URL where they
// consent), the provider sends the browser back to the callback, which completes the consent only
// in that person's Baton sign-in session and sends the browser to My mailbox with the outcome; the
// list (a person's own; every mailbox for RevOps and admins), disconnect (its owner or an admin), and
// a campaign's pool (RevOps, admins). Thin over src/mailboxes.
import { Type } from "typebox";
import { type Principal, ROLES, requireRole } from "../../auth/principal.ts";
import { lookupSession } from "../../auth/sessions/lookup-session.ts";
import { isBatonError } from "../../errors/baton-error.ts";
import type { OAuthMailboxProvider } from "../../mailboxes/index.ts";
import {
  connectableProviders,
  disconnectMailbox,
  finishMailboxConnect,
  listMailboxConnections,
  MAILBOX_MANAGERS,
  type MailboxConnectSettings,
  mailboxOAuthProvider,
  requireMailboxOAuthProvider,
  setCampaignPoolMailbox,
  startMailboxConnect,
  stateInvalid,
} from "../../mailboxes/index.ts";
import type { AppDeps, RouteModule } from "../context.ts";
import { toBatonError } from "../error-handler.ts";
import { IsoTime, Nullable, stdErrors } from "../schemas.ts";
import { sessionCookieOf } from "../session-auth.ts";

const Provider = Type.Union([Type.Literal("google"), Type.Literal("microsoft")], {
  description: "the mailbox's provider: google (Google Workspace, Gmail) or microsoft (Microsoft 365)",
});
const ProviderParams = Type.Object({ provider: Provider });
const Address = (description: string) =>
  Type.String({ minLength: 3, maxLength: 320, pattern: "^[^@\\s<>]+@[^@\\s<>]+$", description });
const MailboxParams = Type.Object({
  mailbox: Address("The mailbox's address, as GET /api/v1/mailboxes/connections lists it"),
});

const Connection = Type.Object({
  mailbox: Type.String({ description: "the mailbox's address (lower case)" }),
  owner: Type.Object(
    {
      id: Type.String({ description: "the owner's principal id" }),
      name: Type.String({ description: "the owner's name" }),
      email: Nullable(Type.String({ description: "the owner's sign-in address" })),
    },
    { description: "the person who connected it; its sends are theirs" },
  ),
  provider: Type.String({ description: "google | microsoft | imap_smtp" }),
  can_send: Type.Boolean({ description: "Baton sends from it" }),
  can_read: Type.Boolean({ description: "Baton reads replies from it" }),
  status: Type.String({
    description:
      "connected | needs_consent (the provider refused the grant: its sends are held until its owner reconnects) | paused (see status_reason and paused_until) | disconnected (no tokens)",
  }),
  status_reason: Nullable(Type.String({ description: "why it is in this status, in words" })),
  status_since: IsoTime,
  paused_until: Nullable(IsoTime),
  scopes: Type.Array(Type.String(), { description: "the scopes the provider granted" }),
  connected_at: IsoTime,
  sent_today: Type.Integer({ description: "messages sent from it today (UTC day)" }),
  provider_limit: Nullable(
    Type.Object(
      {
        per_day: Type.Integer({ description: "the provider's messages (recipients) a day" }),
        per_minute: Nullable(
          Type.Integer({ description: "the provider's messages a minute, when it has one" }),
        ),
        source: Type.String({ description: "where the limit comes from" }),
      },
      { description: "the provider's own sending limits (docs/mailboxes.md)" },
    ),
  ),
  last_error: Nullable(Type.String({ description: "the last error sending or reading, in words" })),
  last_error_at: Nullable(IsoTime),
  last_read_at: Nullable(IsoTime),
  campaigns: Type.Array(Type.String(), { description: "slugs of the campaigns whose pool holds it" }),
});

const ConnectableProvider = Type.Object({
  name: Provider,
  label: Type.String({ description: "Google or Microsoft" }),
  configured: Type.Boolean({ description: "the deployment's OAuth app for it is set up (BATON_MAILBOX_*)" }),
});

function settings(deps: AppDeps, name: OAuthMailboxProvider): MailboxConnectSettings {
  return {
    secret: deps.config.secret,
    publicUrl: deps.config.publicUrl,
    provider: requireMailboxOAuthProvider(deps.config, name),
  };
}

/** The role before the arguments: every person connects their own mailbox; an agent none. */
const people = {
  preValidation: async (req: { principal: Principal }) =>
    requireRole(req.principal, "connect a mailbox", ...ROLES),
};
const managers = {
  preValidation: async (req: { principal: Principal }) =>
    requireRole(req.principal, "set a campaign's mailbox pool", ...MAILBOX_MANAGERS),
};

/** My mailbox with the callback's outcome: words the page turns into a sentence, never a token. */
function myMailbox(q: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v.slice(0, 320));
  return `/my-mailbox?${p.toString()}`;
}

export const mailboxConnectionsRoutes: RouteModule = (app, deps) => {
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

  app.get(
    "/api/v1/mailboxes/connections",
    {
      schema: {
        tags: ["mailboxes"],
        summary:
          "The mailboxes people own: your own; every mailbox with its owner and health for RevOps and admins",
        response: {
          200: Type.Object({
            items: Type.Array(Connection),
            everyone: Type.Boolean({ description: "true: every mailbox of the workspace; false: your own" }),
            providers: Type.Array(ConnectableProvider, {
              description: "the providers a person can connect on this deployment",
            }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const r = await listMailboxConnections(deps.db, req.principal, deps.now());
      return { ...r, providers: connectableProviders(deps.config) };
    },
  );

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
