// Mailboxes (issue 12 part 6): each sending mailbox's state (its IMAP inbox: connected, last sync,
// cursor, errors; its sending: sends today against today's limit and the warm-up ramp), its IMAP
// settings (the password is write-only), and pause / resume. Thin over src/inbox.
import { Type } from "typebox";
import { addInbox, listMailboxStates, setInboxPaused, setTrustedAuthservIds } from "../../inbox/index.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();

const Inbox = Type.Object({
  id: Str,
  host: Str,
  port: Type.Integer(),
  tls: Type.Boolean(),
  username: Str,
  auth_kind: Type.String({ description: "password | xoauth2" }),
  oauth_provider: Nullable(Str),
  password: Type.Union([Str, Type.Null()], {
    description:
      "how the password (xoauth2: the refresh token) is kept: 'encrypted' or 'env:NAME'; never the secret",
  }),
  folder: Str,
  status: Type.String({ description: "pending | connected | error | paused" }),
  connected: Type.Boolean({ description: "a worker holds the mailbox and its session is connected" }),
  idle_supported: Type.Union([Type.Boolean(), Type.Null()]),
  last_sync_at: Nullable(Str),
  last_connected_at: Nullable(Str),
  cursor: Type.Object({ uidvalidity: Nullable(Str), last_uid: Str }),
  last_error: Nullable(Str),
  last_error_at: Nullable(Str),
  processed_count: Str,
  unmatched_count: Str,
  claimed_by: Nullable(Str),
  lease_until: Nullable(Str),
  trusted_authserv_ids: Type.Array(Str, {
    description: "RFC 8601 authserv-ids whose Authentication-Results this mailbox trusts (issue 35)",
  }),
});

const Deliverability = Type.Object({
  status: Type.String({
    description:
      "ok | flagged (a bounce said the fault was the sender's) | paused (complaint rate: sends nothing)",
  }),
  reason: Nullable(Str),
  flagged_at: Nullable(Str),
  sender_fault_count: Type.Integer(),
  complaints: Type.Integer(),
  sends_counted: Type.Integer(),
  complaint_rate: Type.Number({ description: "complaints over the last 1,000 sends (0.003 = 0.3 %)" }),
  paused_at: Nullable(Str),
});

const Mailbox = Type.Object({
  mailbox: Str,
  inbox: Type.Union([Inbox, Type.Null()]),
  sending: Type.Object({
    sent_today: Type.Integer(),
    daily_limit: Type.Union([Type.Integer(), Type.Null()]),
    limit_today: Type.Union([Type.Integer(), Type.Null()], {
      description: "today's allowance: the warm-up ramp's value capped by the limit",
    }),
    ramp: Type.Union([
      Type.Object({ start: Type.Integer(), step: Type.Integer(), start_day: Str }),
      Type.Null(),
    ]),
    remaining_today: Type.Union([Type.Integer(), Type.Null()]),
    campaigns: Type.Array(Str, { description: "campaigns whose mailbox pool holds it" }),
  }),
  deliverability: Type.Union([Deliverability, Type.Null()]),
});

const Params = Type.Object({
  mailbox: Type.String({
    minLength: 3,
    maxLength: 320,
    description: "The mailbox's address, as GET /api/v1/mailboxes lists it",
  }),
});
const AuthservIds = Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
  maxItems: 20,
  description:
    "RFC 8601 authserv-ids of the receiving servers whose verdict the mailbox trusts: mx.google.com or mx.microsoft.com (read from their ARC seal by google.com or microsoft.com), or your own MX's host name (its Authentication-Results above the first Received); replaces the list",
});
const PauseResult = Type.Object({ id: Str, mailbox: Str, status: Str });

export const mailboxesRoutes: RouteModule = (app, deps) => {
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

  for (const action of ["pause", "resume"] as const) {
    app.post(
      `/api/v1/mailboxes/:mailbox/${action}`,
      {
        schema: {
          tags: ["mailboxes"],
          summary:
            action === "pause"
              ? "Pause a mailbox: it is not read (its worker lets go within seconds) and sends nothing (admin, revops)"
              : "Read a paused mailbox again, from its stored cursor, and lift a pause it put on its own sending (complaint rate) (admin, revops)",
          params: Params,
          response: { 200: PauseResult, ...stdErrors },
        },
      },
      async (req) =>
        setInboxPaused(deps.db, req.principal, req.params.mailbox, action === "pause", deps.now()),
    );
  }
};
