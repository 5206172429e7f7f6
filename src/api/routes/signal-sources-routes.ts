// Signal webhook sources (issue 69 item 2, docs/signals.md "The track webhook"): a Segment or
// RudderStack destination posts track and page events to its source's URL. The receiving route is
// public (no bearer token: `config: { public: true }`); each request proves itself with the HMAC of
// its raw body under the source's shared secret instead. The sources are managed by RevOps and
// admins. Thin over src/signals.
import { Type } from "typebox";
import {
  addSignalSource,
  listSignalSources,
  receiveTrackEvent,
  removeSignalSource,
  rotateSignalSourceSecret,
  SIGNAL_WEBHOOK_PATH,
} from "../../signals/index.ts";
import { SIGNAL_SOURCE_KINDS } from "../../signals/tables.ts";
import type { BatonApp, RouteModule } from "../context.ts";
import { SignalOutcome } from "../schemas/signals.ts";
import { IdParam, Nullable, stdErrors } from "../schemas.ts";

const Source = Type.Object({
  source_id: Type.String(),
  kind: Type.String({ description: "segment | rudderstack" }),
  name: Type.String({ description: "The signals' source" }),
  url: Type.String({ description: "Give this URL to the destination" }),
  max_age_s: Type.Integer(),
  created_at: Type.String(),
  last_event_at: Nullable(Type.String()),
  events_count: Type.String(),
  refused_count: Type.String(),
  last_refusal: Nullable(Type.String()),
  secret: Type.Optional(
    Type.String({ description: "The shared secret Baton made: shown this once, put it in the destination" }),
  ),
});

const Secret = Type.String({ minLength: 16, maxLength: 500, writeOnly: true });
const SOURCES = "/api/v1/signals/sources";

export const signalSourcesRoutes: RouteModule = async (app, deps) => {
  // the receiver: the body kept raw (the signature is over the bytes sent), in a scope of its own
  await app.register(async (scope: BatonApp) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 256 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      `${SIGNAL_WEBHOOK_PATH}/:client_id/:source_id`,
      {
        config: { public: true },
        schema: {
          tags: ["signals"],
          summary:
            "One Segment/RudderStack track or page event, signed (X-Signature: hex HMAC-SHA1 of the body under the source's shared secret); no bearer token",
          security: [],
          params: Type.Object({
            client_id: Type.String({
              minLength: 1,
              maxLength: 200,
              description: "The tenant, as the source's URL names it",
            }),
            source_id: IdParam("signal source"),
          }),
          response: {
            200: Type.Object({
              outcome: Type.String({
                description:
                  "recorded | duplicate | held (an anonymous visitor's event, kept until the visitor identifies) | ignored",
              }),
              why: Type.String(),
              signal: Nullable(SignalOutcome),
              identified: Type.Optional(
                Type.Integer({
                  description:
                    "The visitor's held events this event identified (its anonymousId beside an email), recorded as the person's signals",
                }),
              ),
            }),
            ...stdErrors,
          },
        },
      },
      async (req) =>
        receiveTrackEvent(
          { db: deps.db, secret: deps.config.secret },
          {
            clientId: req.params.client_id,
            sourceId: req.params.source_id,
            headers: req.headers,
            rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          },
          deps.now(),
        ),
    );
  });

  const keys = { secret: deps.config.secret, publicUrl: deps.config.publicUrl };

  app.post(
    SOURCES,
    {
      schema: {
        tags: ["signals"],
        summary: "Add a webhook source (revops, admin); without a secret Baton makes one and shows it once",
        body: Type.Object(
          {
            kind: Type.Union(SIGNAL_SOURCE_KINDS.map((k) => Type.Literal(k))),
            name: Type.String({
              pattern: "^[a-z0-9][a-z0-9_.:-]{0,63}$",
              description: "The signals' source",
            }),
            secret: Type.Optional(Secret),
            max_age_s: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Source, ...stdErrors },
      },
    },
    async (req) =>
      addSignalSource(
        deps.db,
        req.principal,
        keys,
        { kind: req.body.kind, name: req.body.name, secret: req.body.secret, maxAgeS: req.body.max_age_s },
        deps.now(),
      ),
  );

  app.get(
    SOURCES,
    {
      schema: {
        tags: ["signals"],
        summary: "The webhook sources, with their health (events, refusals); never a secret (revops, admin)",
        response: { 200: Type.Object({ items: Type.Array(Source) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listSignalSources(deps.db, req.principal, deps.config.publicUrl) }),
  );

  app.post(
    `${SOURCES}/:id/rotate`,
    {
      schema: {
        tags: ["signals"],
        summary:
          "A new shared secret for a source (revops, admin); without one Baton makes it and shows it once",
        params: Type.Object({ id: IdParam("signal source") }),
        body: Type.Object({ secret: Type.Optional(Secret) }, { additionalProperties: false }),
        response: { 200: Source, ...stdErrors },
      },
    },
    async (req) => rotateSignalSourceSecret(deps.db, req.principal, keys, req.params.id, req.body.secret),
  );

  app.delete(
    `${SOURCES}/:id`,
    {
      schema: {
        tags: ["signals"],
        summary: "Remove a webhook source (revops, admin); its signals stay",
        params: Type.Object({ id: IdParam("signal source") }),
        response: { 200: Type.Object({ source_id: Type.String(), removed: Type.Boolean() }), ...stdErrors },
      },
    },
    async (req) => removeSignalSource(deps.db, req.principal, req.params.id),
  );
};
