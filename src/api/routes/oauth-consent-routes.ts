// A person approves an MCP client in the workspace, and admins see and revoke connected clients
// (issue 61 item 4). Session- or token-authenticated like every /api route; the writes pass the
// workspace's CSRF checks. The domain is src/auth/mcp-oauth (consent.ts, connected-clients.ts).
import { Type } from "typebox";
import { listConnectedClients, revokeConnectedClient } from "../../auth/mcp-oauth/connected-clients.ts";
import { answerAccessRequest, readAccessRequest } from "../../auth/mcp-oauth/consent.ts";
import { oauthProvider, providerOptions } from "../../auth/mcp-oauth/provider.ts";
import { requireRole } from "../../auth/principal.ts";
import { auditSourceOf } from "../audit-source.ts";
import type { RouteModule } from "../context.ts";
import { stdErrors } from "../schemas.ts";

const Scope = Type.Union([Type.Literal("mcp:read"), Type.Literal("mcp:write")]);
const AccessRequest = Type.Object({
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
const Uid = Type.Object({
  uid: Type.String({
    minLength: 8,
    maxLength: 64,
    pattern: "^[A-Za-z0-9_-]+$",
    description: "The request's id, from the consent page's address (/oauth/consent/{uid})",
  }),
});
const Answer = Type.Object({ redirect_to: Type.String({ description: "where the browser goes next" }) });
const ConnectedClient = Type.Object({
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
const gone = { 410: Type.Ref("ErrorResponse") };

export const oauthConsentRoutes: RouteModule = (app, deps) => {
  const provider = () => oauthProvider(providerOptions(deps.db, deps.config));
  const tags = ["agents"];
  const person = (action: string, p: Parameters<typeof requireRole>[0]) =>
    requireRole(p, action, "revops", "slm", "exec", "rep", "admin");

  app.get(
    "/api/v1/oauth/requests/:uid",
    {
      schema: {
        tags,
        summary: "A client's request for access, for the signed-in person to approve or deny",
        params: Uid,
        response: { 200: AccessRequest, ...stdErrors, ...gone },
      },
    },
    async (req) => {
      person("answer a client's request for access", req.principal);
      return readAccessRequest(await provider(), req.params.uid, req.principal);
    },
  );

  for (const verdict of ["approve", "deny"] as const) {
    app.post(
      `/api/v1/oauth/requests/:uid/${verdict}`,
      {
        schema: {
          tags,
          summary:
            verdict === "approve"
              ? "Approve: the client acts for you on /mcp with the scopes asked, never beyond your roles"
              : "Deny the client's request",
          params: Uid,
          response: { 200: Answer, ...stdErrors, ...gone },
        },
      },
      async (req) => {
        person("answer a client's request for access", req.principal);
        const to = await answerAccessRequest(
          await provider(),
          req.params.uid,
          req.principal,
          verdict === "approve",
        );
        return { redirect_to: to };
      },
    );
  }

  app.get(
    "/api/v1/admin/oauth-clients",
    {
      schema: {
        tags,
        summary: "The MCP clients connected to the workspace: who approved each, when, last use (admin)",
        response: { 200: Type.Object({ items: Type.Array(ConnectedClient) }), ...stdErrors },
      },
    },
    async (req) => ({ items: await listConnectedClients(deps.db, req.principal) }),
  );

  app.delete(
    "/api/v1/admin/oauth-clients/:app_id",
    {
      schema: {
        tags,
        summary: "Revoke a connected client: every approval, code and token of it ends at once (admin)",
        params: Type.Object({
          app_id: Type.String({
            minLength: 1,
            maxLength: 200,
            description: "The client's id, as the list of connected clients gives it",
          }),
        }),
        response: {
          200: Type.Object({ app_id: Type.String(), approvals_revoked: Type.Integer() }),
          ...stdErrors,
        },
      },
    },
    async (req) => revokeConnectedClient(deps.db, req.principal, req.params.app_id, auditSourceOf(req)),
  );
};
