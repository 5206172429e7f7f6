// What the routes of auth-routes.ts share.
import { Type } from "typebox";

export const Str = Type.String();
export const SessionView = Type.Object({
  principal_id: Str,
  client_id: Str,
  kind: Type.Union([Type.Literal("person"), Type.Literal("agent")]),
  display_name: Str,
  roles: Type.Array(Str),
  agent_id: Type.Union([Str, Type.Null()]),
  method: Str,
  csrf_token: Str,
  expires_at: Str,
  idle_expires_at: Str,
  demo_mode: Type.Boolean(),
});
export const Options = Type.Object({
  demo: Type.Boolean(),
  email: Type.Boolean(),
  demo_mode: Type.Boolean(),
  demo_principals: Type.Array(Type.Object({ key: Str, display_name: Str, roles: Type.Array(Str) })),
});
export const SignedIn = Type.Object({ ok: Type.Literal(true) });
export const SignedOut = Type.Object({ ok: Type.Literal(true), redirect_to: Str });
export const pub = { public: true } as const;
