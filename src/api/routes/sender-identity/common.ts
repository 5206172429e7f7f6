// What the routes of sender-identity-routes.ts share.
import { Type } from "typebox";

export const Identity = Type.Object({
  company_name: Type.String({ description: "the sender's company, as the footer names it" }),
  postal_address: Type.String({
    description: "a valid postal address (CAN-SPAM, CASL); lines joined with commas in the footer",
  }),
  updated_at: Type.String(),
});
