// POST ${WEBHOOK_PATH}/:provider/:id and .../:id/:token: a provider's bounce and complaint events,
// public and signed, in a scope of their own. Registered by inbound-webhooks-routes.ts.
import { Type } from "typebox";
import { receiveWebhook, WEBHOOK_PATH } from "../../../inbox/index.ts";
import type { BatonApp, RouteModule } from "../../context.ts";
import { serializeRequest } from "../../log-options.ts";
import { stdErrors } from "../../schemas.ts";
import { Id, Provider, Received, withoutToken } from "./common.ts";

export const receiveWebhookEventsRoute: RouteModule = async (app, deps) => {
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
};
