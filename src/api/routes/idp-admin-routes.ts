// The tenant's IdP settings (issue 11), admin role only. The client secret is write-only: PUT
// accepts it, GET says only whether one is stored. Every change is audited (idp_settings_changed).
import { Type } from "typebox";
import { getIdpSettings, putIdpSettings } from "../../auth/oidc/idp-settings.ts";
import { describePrincipal, ROLES, requireRole } from "../../auth/principal.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";
import { userAgentOf } from "../sign-in-session.ts";

const Str = Type.String();
const RoleMap = Type.Record(
  Type.String({ minLength: 1, maxLength: 200 }),
  Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { maxItems: ROLES.length }),
);
const IdpView = Type.Object({
  client: Str,
  issuer: Str,
  client_id: Str,
  has_client_secret: Type.Boolean(),
  allowed_domains: Type.Array(Str),
  role_claim: Str,
  role_map: RoleMap,
  scopes: Str,
  updated_at: Str,
});
const IdpInput = Type.Object(
  {
    issuer: Type.String({ format: "uri", maxLength: 500 }),
    client_id: Type.String({ minLength: 1, maxLength: 400 }),
    client_secret: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: "write-only; omit to keep the stored one, empty to remove it",
      }),
    ),
    allowed_domains: Type.Array(
      Type.String({ pattern: "^@?[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", maxLength: 253 }),
      {
        minItems: 1,
        maxItems: 50,
      },
    ),
    role_claim: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role_map: RoleMap,
    scopes: Type.Optional(Type.String({ pattern: "^[\\x21-\\x7e]+( [\\x21-\\x7e]+)*$", maxLength: 300 })),
  },
  { additionalProperties: false },
);

export const idpAdminRoutes: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/admin/idp",
    {
      schema: {
        tags: ["admin"],
        summary:
          "The workspace's single sign-on (OpenID Connect) settings; the client secret is never returned",
        response: { 200: IdpView, ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "read the IdP settings", "admin");
      return getIdpSettings(deps.db, req.principal.clientId);
    },
  );

  app.put(
    "/api/v1/admin/idp",
    {
      schema: {
        tags: ["admin"],
        summary:
          "Sets the workspace's single sign-on settings (issuer, client, allowed domains, claim → role map)",
        body: IdpInput,
        response: { 200: IdpView, ...stdErrors },
      },
    },
    async (req) => {
      requireRole(req.principal, "change the IdP settings", "admin");
      return putIdpSettings(
        deps.db,
        req.principal.clientId,
        req.body,
        {
          principalId: req.principal.principalId,
          label: describePrincipal(req.principal),
          ip: req.ip,
          userAgent: userAgentOf(req),
        },
        deps.config.secret,
        deps.now(),
      );
    },
  );
};
