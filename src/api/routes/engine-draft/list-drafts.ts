// GET /api/v1/drafts: List staged drafts, oldest first (default: pending approval); 100 a page unless limit says.
// Registered by engine-draft-routes.ts.
import { Type } from "typebox";
import { draftView, listDrafts } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { DraftView } from "../../schemas/engine.ts";
import { PAGE_FIELDS, pageOf, stdErrors } from "../../schemas.ts";
import { Status } from "./common.ts";

export const listDraftsRoute: RouteModule = (app, deps) => {
  app.get(
    "/api/v1/drafts",
    {
      schema: {
        tags: ["drafts"],
        summary: "List staged drafts, oldest first (default: pending approval); 100 a page unless limit says",
        querystring: Type.Object({
          status: Type.Optional({
            ...Status,
            description: "pending (default) | approved | rejected | cancelled",
          }),
          ...PAGE_FIELDS,
        }),
        response: { 200: pageOf(DraftView), ...stdErrors },
      },
    },
    async (req) => {
      const q = req.query as { status?: "pending"; limit?: number; cursor?: string };
      const page = await listDrafts(deps.db, req.principal, q);
      return { items: page.items.map(draftView), next_cursor: page.next_cursor };
    },
  );
};
