// GET /api/v1/sender-identity: The company and postal address in commercial email's footer; null until set (commercial sends are refused).
// Registered by sender-identity-routes.ts.
import { Type } from "typebox";
import { getSenderIdentity } from "../../../channels/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Identity } from "./common.ts";

export const getSenderIdentityRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/sender-identity",
    {
      schema: {
        summary:
          "The company and postal address in commercial email's footer; null until set (commercial sends are refused)",
        response: { 200: Type.Object({ identity: Type.Union([Identity, Type.Null()]) }), ...stdErrors },
      },
    },
    async (req) => ({ identity: await getSenderIdentity(deps.db, req.principal) }),
  );
};
