// What the routes of signals-routes.ts share.
import { Type } from "typebox";
import { PAGE_RULE_KINDS } from "../../../signals/tables.ts";

export const PageRule = Type.Object({
  rule_id: Type.String(),
  kind: Type.Union(PAGE_RULE_KINDS.map((k) => Type.Literal(k))),
  pattern: Type.String(),
  type: Type.String(),
  position: Type.Integer(),
});
