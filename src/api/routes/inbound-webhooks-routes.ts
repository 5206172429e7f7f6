// Provider webhooks (issue 35 item 5, docs/mailboxes.md "Provider webhooks"): the receiving URLs
// Amazon SES (SNS), SendGrid, Mailgun and Postmark post bounces and complaints to, and the API that
// configures them. The receiving routes are public (no bearer token: `config: { public: true }`);
// each request proves itself with the provider's signature or credentials instead, read from the
// raw body as the provider sent it. Thin over src/inbox.
import { type Static, Type } from "typebox";
import {
  addWebhook,
  listWebhookEvents,
  listWebhooks,
  receiveWebhook,
  removeWebhook,
  replaceWebhookKeys,
  WEBHOOK_PATH,
  WEBHOOK_PROVIDERS,
} from "../../inbox/index.ts";
import type { BatonApp, RouteModule } from "../context.ts";
import { serializeRequest } from "../log-options.ts";
import { IdParam, PageQuery, pageOf, stdErrors } from "../schemas.ts";

const Str = Type.String();
const NullStr = Type.Union([Str, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Provider = Type.Union(WEBHOOK_PROVIDERS.map((p) => Type.Literal(p)));

const Received = Type.Object({
  received: Type.Integer(),
  applied: Type.Integer(),
  unmatched: Type.Integer(),
  ignored: Type.Integer(),
  duplicate: Type.Integer(),
  events: Type.Array(
    Type.Object({
      provider_event_id: Str,
      kind: Str,
      outcome: Type.String({ description: "applied | unmatched | ignored" }),
      why: Str,
      duplicate: Type.Boolean(),
    }),
  ),
  subscription: Type.Optional(Type.String({ description: "ses: confirmed | unsubscribed" })),
});

const Webhook = Type.Object({
  id: Str,
  provider: Str,
  url: Type.String({ description: "give this URL to the provider (postmark: see docs/mailboxes.md)" }),
  topic_arns: Type.Union([Type.Array(Str), Type.Null()]),
  verification_key: NullStr,
  basic_user: NullStr,
  secrets: Type.Array(Str, {
    description: "the names of the sealed secrets that are set; never their values",
  }),
  max_age_s: Type.Union([Type.Integer(), Type.Null()]),
  subscribed_at: NullStr,
  last_event_at: NullStr,
  events_count: Str,
  created_at: Str,
});

const WebhookBody = Type.Object(
  {
    provider: Provider,
    topic_arns: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { minItems: 1, maxItems: 20 })),
    verification_key: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    signing_key: Type.Optional(Type.String({ minLength: 8, maxLength: 500, writeOnly: true })),
    basic_user: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    basic_password: Type.Optional(Type.String({ minLength: 8, maxLength: 500, writeOnly: true })),
    path_token: Type.Optional(Type.String({ minLength: 24, maxLength: 200, writeOnly: true })),
    max_age_s: Type.Optional(Type.Integer({ minimum: 30, maximum: 86_400 })),
  },
  { additionalProperties: false },
);

const WebhookEvent = Type.Object({
  provider_event_id: Str,
  kind: Str,
  outcome: Str,
  why: Str,
  recipient: NullStr,
  status: NullStr,
  reason: NullStr,
  hard: Type.Union([Type.Boolean(), Type.Null()]),
  sender_fault: Type.Union([Type.Boolean(), Type.Null()]),
  feedback_type: NullStr,
  original_message_id: NullStr,
  contact_id: NullStr,
  occurred_at: NullStr,
  received_at: Str,
  details: Type.Record(Type.String(), Type.Unknown()),
});

/** ".../webhooks/postmark/<id>/<token>" → ".../webhooks/postmark/<id>/…" */
export function withoutToken(r: { method?: string; url: string }) {
  return { ...r, url: r.url.replace(/^([^?]*\/webhooks\/[^/?]+\/[^/?]+)\/[^/?]+/, "$1/…") };
}

export const inboundWebhooksRoutes: RouteModule = async (app, deps) => {
  // The receivers: every body is kept raw (signatures are over the bytes sent; SNS posts JSON as
  // text/plain), in a scope of their own so no other route's parsing changes.
  await app.register(async (scope: BatonApp) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    const handler = async (req: {
      params: { provider: string; id: string; token?: unknown };
      headers: Record<string, string | string[] | undefined>;
      body: unknown;
    }) =>
      receiveWebhook(
        {
          db: deps.db,
          secret: deps.config.secret,
          softBounceLimit: deps.config.inbox.softBounceLimit,
          sns: deps.snsTransport,
        },
        {
          provider: req.params.provider,
          id: req.params.id,
          pathToken: typeof req.params.token === "string" ? req.params.token : undefined,
          headers: req.headers,
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        },
        deps.now(),
      );
    const schema = (withToken: boolean) => ({
      tags: ["webhooks"],
      summary: withToken
        ? "A provider's bounce and complaint events, with a secret path token (postmark)"
        : "A provider's bounce and complaint events (SES via SNS, SendGrid, Mailgun, Postmark); signed, no bearer token",
      security: [],
      params: Type.Object({
        provider: { ...Provider, description: "The mail provider (ses, sendgrid, mailgun, postmark)" },
        id: { ...Id, description: "The inbound webhook's id, as its creation returned it" },
        ...(withToken
          ? {
              token: Type.String({
                minLength: 1,
                maxLength: 200,
                description: "The endpoint's secret path token",
              }),
            }
          : {}),
      }),
      response: { 200: Received, ...stdErrors },
    });
    scope.post(`${WEBHOOK_PATH}/:provider/:id`, { config: { public: true }, schema: schema(false) }, handler);
    // the path token is a secret: this route's request log lines name the URL without it
    scope.post(
      `${WEBHOOK_PATH}/:provider/:id/:token`,
      {
        config: { public: true },
        schema: schema(true),
        logSerializers: {
          req: (r: Parameters<typeof serializeRequest>[0]) => withoutToken(serializeRequest(r)),
        },
      },
      handler,
    );
  });

  const toInput = (b: Static<typeof WebhookBody>) => ({
    provider: b.provider,
    topicArns: b.topic_arns,
    verificationKey: b.verification_key,
    signingKey: b.signing_key,
    basicUser: b.basic_user,
    basicPassword: b.basic_password,
    pathToken: b.path_token,
    maxAgeS: b.max_age_s,
  });

  app.post(
    WEBHOOK_PATH,
    {
      schema: {
        tags: ["webhooks"],
        summary: "Add a provider webhook endpoint (admin, revops); its keys are write-only",
        body: WebhookBody,
        response: { 200: Webhook, ...stdErrors },
      },
    },
    async (req) =>
      addWebhook(
        deps.db,
        req.principal,
        deps.config.secret,
        deps.config.publicUrl,
        toInput(req.body),
        deps.now(),
      ),
  );

  app.put(
    `${WEBHOOK_PATH}/:id`,
    {
      schema: {
        tags: ["webhooks"],
        summary: "Replace an endpoint's keys (a rotated key): the URL and its events stay (admin, revops)",
        params: Type.Object({ id: IdParam("inbound webhook") }),
        body: WebhookBody,
        response: { 200: Webhook, ...stdErrors },
      },
    },
    async (req) =>
      replaceWebhookKeys(
        deps.db,
        req.principal,
        deps.config.secret,
        deps.config.publicUrl,
        req.params.id,
        toInput(req.body),
        deps.now(),
      ),
  );

  app.get(
    WEBHOOK_PATH,
    {
      schema: {
        tags: ["webhooks"],
        summary: "The tenant's provider webhook endpoints (no secrets)",
        response: { 200: Type.Object({ items: Type.Array(Webhook) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listWebhooks(deps.db, req.principal, deps.config.publicUrl) }),
  );

  app.get(
    `${WEBHOOK_PATH}/:id/events`,
    {
      schema: {
        tags: ["webhooks"],
        summary:
          "An endpoint's recent bounces and complaints, newest first: applied, unmatched or ignored, and why; 50 a page unless limit says",
        params: Type.Object({ id: IdParam("inbound webhook") }),
        querystring: PageQuery,
        response: { 200: pageOf(WebhookEvent), ...stdErrors },
      },
    },
    async (req) => listWebhookEvents(deps.db, req.principal, req.params.id, req.query),
  );

  app.delete(
    `${WEBHOOK_PATH}/:id`,
    {
      schema: {
        tags: ["webhooks"],
        summary: "Remove a provider webhook endpoint and its event record (admin, revops)",
        params: Type.Object({ id: IdParam("inbound webhook") }),
        response: { 200: Type.Object({ id: Str, removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => removeWebhook(deps.db, req.principal, req.params.id),
  );
};
