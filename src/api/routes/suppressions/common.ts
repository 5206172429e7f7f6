// What the routes of suppressions-routes.ts share.
import { Type } from "typebox";

export const Item = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal("email"), Type.Literal("domain"), Type.Literal("email_hash")]),
  value: Type.String(),
  reason: Type.String(),
  source: Type.String(),
  created_at: Type.String(),
  created_by_principal_id: Type.Union([Type.String(), Type.Null()]),
});
