// POST /auth/email/verify: Signs in with the one-time code of an email link (single-use, 15 minutes).
// Registered by auth-email-routes.ts.
import { Type } from "typebox";
import { redeemEmailLink } from "../../../auth/email-link/redeem-email-link.ts";
import { throttleSignIn } from "../../../auth/sessions/throttle-sign-in.ts";
import { toPrincipal } from "../../../auth/tokens.ts";
import { BatonError, isBatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { checkOrigin } from "../../session-auth.ts";
import { auditFailedSignIn, signInWithSession } from "../../sign-in-session.ts";

export const postAuthEmailVerifyRoute: RouteModule = (app, deps) => {
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
