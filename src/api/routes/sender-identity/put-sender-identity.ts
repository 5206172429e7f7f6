// PUT /api/v1/sender-identity: Set the company and postal address of commercial email's footer (admin, revops).
// Registered by sender-identity-routes.ts.
import { Type } from "typebox";
import { setSenderIdentity } from "../../../channels/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Identity } from "./common.ts";

export const putSenderIdentityRoute: RouteModule = (app, deps) => {
  app.put(
    "/api/v1/sender-identity",
    {
      schema: {
        summary: "Set the company and postal address of commercial email's footer (admin, revops)",
        body: Type.Object(
          {
            company_name: Type.String({ minLength: 1, maxLength: 200 }),
            postal_address: Type.String({ minLength: 10, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ identity: Identity }), ...stdErrors },
      },
    },
    async (req) => ({ identity: await setSenderIdentity(deps.db, req.principal, req.body, deps.now()) }),
  );
};
