// GET /api/v1/workspace/contacts: Search prospects by name or email prefix, paged on the server.
// Registered by workspace-routes.ts.
import { Type } from "typebox";
import { searchContacts } from "../../../workspace/index.ts";
import type { RouteModule } from "../../context.ts";
import { ContactSummary } from "../../schemas/workspace.ts";
import { Cursor, Nullable, stdErrors, Uuid } from "../../schemas.ts";
import { Str } from "./common.ts";

export const listWorkspaceContactsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/workspace/contacts",
    {
      schema: {
        tags: ["workspace"],
        summary: "Search prospects by name or email prefix, paged on the server",
        querystring: Type.Object({
          q: Type.Optional(
            Type.String({ maxLength: 200, description: "Words of the name, email or company" }),
          ),
          account_id: Type.Optional({ ...Uuid, description: "Only this account's contacts (uuid)" }),
          opted_out: Type.Optional(
            Type.Boolean({ description: "Only opted-out (true) or reachable (false) contacts" }),
          ),
          limit: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: 200,
              default: 50,
              description: "How many contacts per page, 1 to 200 (default 50)",
            }),
          ),
          cursor: Type.Optional(Cursor),
        }),
        response: {
          200: Type.Object({ items: Type.Array(ContactSummary), next_cursor: Nullable(Str) }),
          ...stdErrors,
        },
      },
    },
    async (req) => searchContacts(deps.db, req.principal, req.query),
  );
};
