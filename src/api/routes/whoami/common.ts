// What the routes of whoami-routes.ts share.
import { Type } from "typebox";

export const Me = Type.Object({
  principal_id: Type.String(),
  client_id: Type.String(),
  kind: Type.Union([Type.Literal("person"), Type.Literal("agent")]),
  display_name: Type.String(),
  roles: Type.Array(Type.String()),
  agent_id: Type.Union([Type.String(), Type.Null()]),
});
