// What the routes of auth-email-routes.ts share.
import { Type } from "typebox";

export const Sent = Type.Object({ ok: Type.Literal(true), message: Type.String() });
// links being looked up and sent after their reply; the server's close waits for them
export const pending = new Set<Promise<unknown>>();
