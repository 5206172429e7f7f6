// The sender identity of commercial email (issue 41 item 4): the company and postal address every
// non-transactional email's footer carries beside its visible unsubscribe link. Thin over
// src/channels/sender-identity.ts.
import { Type } from "typebox";
import { getSenderIdentity, setSenderIdentity } from "../../channels/index.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const Identity = Type.Object({
  company_name: Type.String({ description: "the sender's company, as the footer names it" }),
  postal_address: Type.String({
    description: "a valid postal address (CAN-SPAM, CASL); lines joined with commas in the footer",
  }),
  updated_at: Type.String(),
});

export const senderIdentityRoutes: RouteModule = (app, deps) => {
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
