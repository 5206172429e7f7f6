// Email-link sign-in over HTTP (issue 11; docs/auth.md). POST /auth/email/start sends a link (the
// answer never says whether the address exists); the link opens the workspace at
// /signin/email#client=…&code=…, whose page posts the code here to /auth/email/verify. The code
// is in the URL's fragment, which no server (ours included) ever receives or logs.
import { Type } from "typebox";
import { redeemEmailLink } from "../../auth/email-link/redeem-email-link.ts";
import { acceptEmailLinkRequest, deliverEmailLink } from "../../auth/email-link/request-email-link.ts";
import { throttleSignIn } from "../../auth/sessions/throttle-sign-in.ts";
import { toPrincipal } from "../../auth/tokens.ts";
import type { EmailChannel } from "../../channels/index.ts";
import { createEmailChannel } from "../../channels/index.ts";
import { BatonError, isBatonError } from "../../errors/baton-error.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";
import { checkOrigin } from "../session-auth.ts";
import { auditFailedSignIn, signInWithSession } from "../sign-in-session.ts";

const Sent = Type.Object({ ok: Type.Literal(true), message: Type.String() });

export const authEmailRoutes: RouteModule = (app, deps) => {
  let channel: (EmailChannel & { close?(): void }) | undefined;
  const channelOf = () => {
    channel ??= createEmailChannel(deps.db, deps.config, app.log);
    return channel;
  };
  // links being looked up and sent after their reply; the server's close waits for them
  const pending = new Set<Promise<unknown>>();
  app.addHook("onClose", async () => {
    await Promise.allSettled([...pending]);
    channel?.close?.();
  });

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

  app.post(
    "/auth/email/verify",
    {
      config: { public: true },
      // before the body is parsed: a cross-origin form is refused as such, not as a bad body
      onRequest: async (req) => checkOrigin(req, deps),
      schema: {
        tags: ["sign-in"],
        summary: "Signs in with the one-time code of an email link (single-use, 15 minutes)",
        security: [],
        body: Type.Object(
          { code: Type.String({ minLength: 20, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...stdErrors },
      },
    },
    async (req, reply) => {
      if (!deps.config.emailSignIn) throw new BatonError("SIGN_IN_METHOD_OFF", { method: "email" });
      const now = deps.now();
      await throttleSignIn(deps.db, { ip: req.ip }, now);
      let redeemed: Awaited<ReturnType<typeof redeemEmailLink>>;
      try {
        redeemed = await redeemEmailLink(deps.db, req.body.code, now);
      } catch (e) {
        if (!isBatonError(e) || e.code !== "EMAIL_LINK_INVALID") throw e;
        const f = e.facts as { client?: string; principal_id?: string; reason: string };
        await auditFailedSignIn(req, deps, f.client, "email_link", f.reason, {
          principalId: f.principal_id,
          label: "email link",
        });
        // the caller learns the reason, not whose link it was
        throw new BatonError("EMAIL_LINK_INVALID", { reason: f.reason });
      }
      const row = await deps.db
        .selectFrom("principals")
        .selectAll()
        .where("client_id", "=", redeemed.clientId)
        .where("principal_id", "=", redeemed.principalId)
        .executeTakeFirstOrThrow();
      await signInWithSession(req, reply, deps, toPrincipal(row), "email_link");
      return { ok: true as const };
    },
  );
};
