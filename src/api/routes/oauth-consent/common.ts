// What the routes of oauth-consent-routes.ts share.
import { Type } from "typebox";
import { oauthProvider, providerOptions } from "../../../auth/mcp-oauth/provider.ts";
import { requireRole } from "../../../auth/principal.ts";
import type { AppDeps } from "../../context.ts";

export const Scope = Type.Union([Type.Literal("mcp:read"), Type.Literal("mcp:write")]);
export const AccessRequest = Type.Object({
  uid: Type.String(),
  client: Type.Object({
    app_id: Type.String({ description: "the client's id, given at its registration" }),
    name: Type.String({ description: "the name the client registered (its own words: check the host)" }),
    redirect_host: Type.String({ description: "where the answer is sent" }),
    redirect_uri: Type.String(),
    redirect_words: Type.String({
      description:
        "where the answer goes, in plain words: 'the website example.com', 'a program on your own computer (127.0.0.1:8123)', 'the app on your device that opens com.example.app: links'",
    }),
    published_by: Type.Union([Type.String(), Type.Null()], {
      description:
        "the host that publishes the client's description, when its client_id is the URL of a Client ID Metadata Document; null for a client that registered itself",
    }),
  }),
  scopes: Type.Array(Scope),
  roles: Type.Array(Type.String(), { description: "the roles the client would act with: the person's own" }),
  expires_at: Type.String({ format: "date-time" }),
});
export const Uid = Type.Object({
  uid: Type.String({
    minLength: 8,
    maxLength: 64,
    pattern: "^[A-Za-z0-9_-]+$",
    description: "The request's id, from the consent page's address (/oauth/consent/{uid})",
  }),
});
export const Answer = Type.Object({
  redirect_to: Type.String({ description: "where the browser goes next" }),
});
export const ConnectedClient = Type.Object({
  app_id: Type.String(),
  name: Type.String(),
  redirect_host: Type.String({
    description: "every host (or native app's scheme) its codes may go to, comma-separated",
  }),
  approved_by: Type.Object({ principal_id: Type.String({ format: "uuid" }), display_name: Type.String() }),
  scopes: Type.Array(Type.String()),
  approved_at: Type.String({ format: "date-time" }),
  last_used_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});
export const gone = { 410: Type.Ref("ErrorResponse") };
export const tags = ["agents"];
export const person = (action: string, p: Parameters<typeof requireRole>[0]) =>
  requireRole(p, action, "revops", "slm", "exec", "rep", "admin");

// Built at each request, as the registrar built it before its routes had files of their own.
export const provider = (deps: AppDeps) => oauthProvider(providerOptions(deps.db, deps.config));
