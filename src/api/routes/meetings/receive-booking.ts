// POST ${MEETING_WEBHOOK_PATH}/:provider/:id: a scheduling tool's booking created or cancelled,
// public and signed, in a scope of its own (the raw body). Registered by meetings-routes.ts.
import { Type } from "typebox";
import { MEETING_WEBHOOK_PATH, receiveBooking } from "../../../meetings/index.ts";
import type { BatonApp, RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Outcome, Provider } from "./common.ts";

export const receiveBookingRoute: RouteModule = async (app, deps) => {
  await app.register(async (scope: BatonApp) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 256 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      `${MEETING_WEBHOOK_PATH}/:provider/:id`,
      {
        config: { public: true },
        schema: {
          tags: ["webhooks"],
          summary:
            "A scheduling tool's booking created or cancelled (Calendly, Cal.com); signed, no bearer token",
          security: [],
          params: Type.Object({
            provider: Provider,
            id: Type.String({
              minLength: 1,
              maxLength: 64,
              description: "The meeting webhook's id, as its creation returned it",
            }),
          }),
          response: { 200: Outcome, ...stdErrors },
        },
      },
      async (req) =>
        receiveBooking(
          { db: deps.db, secret: deps.config.secret },
          {
            provider: req.params.provider,
            id: req.params.id,
            headers: req.headers,
            rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          },
          deps.now(),
        ),
    );
  });
};
