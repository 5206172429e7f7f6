// What the routes of crm-routes.ts share.
import { Type } from "typebox";

export const Status = Type.Union([Type.Literal("pending"), Type.Literal("done"), Type.Literal("dead")]);
export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
export const OutboxItem = Type.Object({
  id: Type.Integer(),
  contact_id: Type.String(),
  op: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  status: Status,
  attempts: Type.Integer(),
  next_attempt_at: Type.String(),
  last_error: Nullable(Type.String()),
  created_at: Type.String(),
  done_at: Nullable(Type.String()),
});
