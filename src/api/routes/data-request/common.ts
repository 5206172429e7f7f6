// What the routes of data-request-routes.ts share.
import { Type } from "typebox";

export const Str = Type.String();
export const NullStr = Type.Union([Str, Type.Null()]);
export const DataRequest = Type.Object({
  id: Str,
  contact_id: Str,
  kind: Type.String({ description: "erasure (GDPR art. 17) | access (art. 15)" }),
  status: Type.String({ description: "open | erased | answered | refused" }),
  reply_id: NullStr,
  received_at: Str,
  due_at: Type.String({ description: "the legal deadline: one month from receipt (GDPR art. 12(3))" }),
  created_at: Str,
  closed_at: NullStr,
  closed_by_principal_id: NullStr,
});
