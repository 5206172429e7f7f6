// What the routes of oauth-resource-routes.ts share.
import { Type } from "typebox";

export const ResourceMetadata = Type.Object(
  {
    resource: Type.String({ description: "The resource identifier: an access token's audience" }),
    authorization_servers: Type.Array(Type.String(), { description: "Issuers that grant tokens for it" }),
    scopes_supported: Type.Array(Type.String()),
    bearer_methods_supported: Type.Array(Type.String()),
    resource_name: Type.String(),
    resource_documentation: Type.String(),
  },
  { additionalProperties: false },
);
