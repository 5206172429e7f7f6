// GET /api/v1/admin/oauth-clients: The MCP clients connected to the workspace: who approved each, when, last use (admin).
// Registered by oauth-consent-routes.ts.
import { Type } from "typebox";
import { listConnectedClients } from "../../../auth/mcp-oauth/connected-clients.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { ConnectedClient, tags } from "./common.ts";

export const listAdminOauthClientsRoute: RouteModule = (app, deps) => {
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
};
