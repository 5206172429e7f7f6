// What the routes of idp-admin-routes.ts share.
import { Type } from "typebox";
import { ROLES } from "../../../auth/principal.ts";

export const Str = Type.String();
export const RoleMap = Type.Record(
  Type.String({ minLength: 1, maxLength: 200 }),
  Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { maxItems: ROLES.length }),
);
export const IdpView = Type.Object({
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
export const IdpInput = Type.Object(
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
