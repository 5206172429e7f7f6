// GET /api/v1/flags: List proactive flags (reps see their own), newest first; 50 a page unless limit says.
// Registered by flags-routes.ts.
import { Type } from "typebox";
import { listFlags } from "../../../flags/index.ts";
import type { RouteModule } from "../../context.ts";
import { Flag, FlagType } from "../../schemas/coordinator.ts";
import { PAGE_FIELDS, pageOf, stdErrors, Uuid } from "../../schemas.ts";
import { tags } from "./common.ts";

export const listFlagsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/flags",
    {
      schema: {
        tags,
        summary: "List proactive flags (reps see their own), newest first; 50 a page unless limit says",
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([Type.Literal("open"), Type.Literal("resolved")], { description: "open | resolved" }),
          ),
          flag_type: Type.Optional({ ...FlagType, description: "Only flags of this type" }),
          principal_id: Type.Optional({
            ...Uuid,
            description: "Only flags raised for this principal (uuid)",
          }),
          contact_id: Type.Optional({ ...Uuid, description: "Only flags about this contact (uuid)" }),
          ...PAGE_FIELDS,
        }),
        response: { 200: pageOf(Flag), ...stdErrors },
      },
    },
    async (req) => listFlags(deps.db, req.principal, req.query as Parameters<typeof listFlags>[2]),
  );
};
