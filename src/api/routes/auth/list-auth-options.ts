// GET /auth/options: The sign-in methods this server offers (demo sign-in only in demo mode without SSO or email sign-in).
// Registered by auth-routes.ts.
import { signInOptions } from "../../../auth/sessions/sign-in-options.ts";
import { demoPrincipals } from "../../../demo/demo-principals.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Options, pub } from "./common.ts";

export const listAuthOptionsRoute: RouteModule = (app, deps) => {
  app.get(
    "/auth/options",
    {
      config: pub,
      schema: {
        tags: ["sign-in"],
        summary:
          "The sign-in methods this server offers (demo sign-in only in demo mode without SSO or email sign-in)",
        security: [],
        response: { 200: Options, ...stdErrors },
      },
    },
    async () => {
      const o = await signInOptions(deps.db, deps.config);
      return {
        demo: o.demo,
        email: o.email,
        demo_mode: o.demoMode,
        demo_principals: o.demo
          ? demoPrincipals
              .filter((p) => !p.agentId)
              .map((p) => ({ key: p.key, display_name: p.displayName, roles: p.roles ?? [] }))
          : [],
      };
    },
  );
};
