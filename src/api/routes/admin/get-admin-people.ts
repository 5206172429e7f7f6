// GET /api/v1/admin/people: The people of the workspace (admin).
// Registered by admin-routes.ts.
import { Type } from "typebox";
import { listPeople } from "../../../admin/index.ts";
import type { RouteModule } from "../../context.ts";
import { stdErrors } from "../../schemas.ts";
import { Person } from "../admin-schemas.ts";
import { tags } from "./common.ts";

export const getAdminPeopleRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/admin/people",
    {
      schema: {
        tags,
        summary: "The people of the workspace (admin)",
        querystring: Type.Object({
          include_deactivated: Type.Optional(
            Type.Boolean({ default: true, description: "Also list deactivated people (default true)" }),
          ),
        }),
        response: { 200: Type.Object({ items: Type.Array(Person) }), ...stdErrors },
      },
    },
    async (req) => ({
      items: await listPeople(deps.db, req.principal, { includeDeactivated: req.query.include_deactivated }),
    }),
  );
};
