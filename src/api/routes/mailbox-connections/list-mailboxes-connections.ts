// GET /api/v1/mailboxes/connections: The mailboxes people own: your own; every mailbox with its owner and health for RevOps and admins.
// Registered by mailbox-connections-routes.ts.
import { Type } from "typebox";
import { connectableProviders, listMailboxConnections } from "../../../mailboxes/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { ConnectableProvider, Connection } from "./common.ts";

export const listMailboxesConnectionsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/mailboxes/connections",
    {
      schema: {
        tags: ["mailboxes"],
        summary:
          "The mailboxes people own: your own; every mailbox with its owner and health for RevOps and admins",
        response: {
          200: Type.Object({
            items: Type.Array(Connection),
            everyone: Type.Boolean({ description: "true: every mailbox of the workspace; false: your own" }),
            providers: Type.Array(ConnectableProvider, {
              description: "the providers a person can connect on this deployment",
            }),
          }),
          ...stdErrors,
        },
      },
    },
    async (req) => {
      const r = await listMailboxConnections(deps.db, req.principal, deps.now());
      return { ...r, providers: connectableProviders(deps.config) };
    },
  );
};
