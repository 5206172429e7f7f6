// POST /auth/demo: Demo mode only: one-click sign-in as a demo person (a session, no token in the browser).
// Registered by auth-routes.ts.
import { Type } from "typebox";
import { signInOptions } from "../../../auth/sessions/sign-in-options.ts";
import { toPrincipal } from "../../../auth/tokens.ts";
import { DEMO_CLIENT, demoPrincipals } from "../../../demo/demo-principals.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { checkOrigin } from "../../session-auth.ts";
import { signInWithSession } from "../../sign-in-session.ts";
import { pub, SignedIn } from "./common.ts";

export const postAuthDemoRoute: RouteModule = (app, deps) => {
  app.post(
    "/auth/demo",
    {
      config: pub,
      // before the body is parsed: a cross-origin form is refused as such, not as a bad body
      onRequest: async (req) => checkOrigin(req, deps),
      schema: {
        tags: ["sign-in"],
        summary: "Demo mode only: one-click sign-in as a demo person (a session, no token in the browser)",
        security: [],
        body: Type.Object({ key: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: SignedIn, ...stdErrors },
      },
    },
    async (req, reply) => {
      if (!(await signInOptions(deps.db, deps.config)).demo) {
        throw new BatonError("SIGN_IN_METHOD_OFF", { method: "demo" });
      }
      const demo = demoPrincipals.find((p) => p.key === req.body.key && !p.agentId);
      const row =
        demo &&
        (await deps.db
          .selectFrom("principals")
          .selectAll()
          .where("client_id", "=", DEMO_CLIENT)
          .where("kind", "=", "person")
          .where("email", "=", demo.email!)
          .executeTakeFirst());
      if (!row) throw new BatonError("NOT_FOUND", { entity: "Demo person", id: req.body.key });
      await signInWithSession(req, reply, deps, toPrincipal(row), "demo");
      return { ok: true as const };
    },
  );
};
