// POST /auth/email/start: Sends a sign-in link to an active person of the workspace (the same answer for any address).
// Registered by auth-email-routes.ts, with the registrar's one email channel (opened at the first link sent).
import { Type } from "typebox";
import { acceptEmailLinkRequest, deliverEmailLink } from "../../../auth/email-link/request-email-link.ts";
import type { EmailChannel } from "../../../channels/index.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { AppDeps, BatonApp } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { checkOrigin } from "../../session-auth.ts";
import { pending, Sent } from "./common.ts";

export const postAuthEmailStartRoute = (app: BatonApp, deps: AppDeps, channelOf: () => EmailChannel) => {
  app.post(
    "/auth/email/start",
    {
      config: { public: true },
      // before the body is parsed: a cross-origin form is refused as such, not as a bad body
      onRequest: async (req) => checkOrigin(req, deps),
      schema: {
        tags: ["sign-in"],
        summary:
          "Sends a sign-in link to an active person of the workspace (the same answer for any address)",
        security: [],
        body: Type.Object(
          {
            client: Type.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,62}$" }),
            email: Type.String({ format: "email", maxLength: 320 }),
          },
          { additionalProperties: false },
        ),
        response: { 202: Sent, ...stdErrors },
      },
    },
    async (req, reply) => {
      if (!deps.config.emailSignIn) throw new BatonError("SIGN_IN_METHOD_OFF", { method: "email" });
      const r = { clientId: req.body.client, email: req.body.email, ip: req.ip };
      const now = deps.now();
      // the same work before the reply for every address (the throttle); whether the address
      // exists is looked up, and the link stored and sent, only after the reply has gone
      await acceptEmailLinkRequest(deps.db, r, now);
      reply.raw.once("finish", () => {
        const p = deliverEmailLink(deps.db, channelOf(), deps.config.publicUrl, r, now)
          .catch((err) => req.log.error({ err }, "sign-in link not sent"))
          .finally(() => pending.delete(p));
        pending.add(p);
      });
      return reply.status(202).send({
        ok: true as const,
        message:
          "If this address belongs to a person of the workspace, a sign-in link is on its way. It works once, for 15 minutes.",
      });
    },
  );
};
