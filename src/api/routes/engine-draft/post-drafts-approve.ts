// POST /api/v1/drafts/approve: Approve many drafts (exec); each gets its own result. A draft whose text still holds the template's note or a [placeholder] is refused (DRAFT_UNFINISHED) unless its edit finishes it.
// Registered by engine-draft-routes.ts.
import { Type } from "typebox";
import { type DraftEdit, decideDrafts } from "../../../engine/index.ts";
import type { RouteModule } from "../../context.ts";
import { Nullable, stdErrors, Uuid } from "../../schemas.ts";
import { BulkResult, bulkEdits } from "./common.ts";

export const postDraftsApproveRoute: RouteModule = (app, deps) => {
  app.post(
    "/api/v1/drafts/approve",
    {
      schema: {
        tags: ["drafts"],
        summary:
          "Approve many drafts (exec); each gets its own result. A draft whose text still holds the template's note or a [placeholder] is refused (DRAFT_UNFINISHED) unless its edit finishes it",
        body: Type.Object({
          ids: Type.Array(Uuid, { minItems: 1, maxItems: 500 }),
          edits: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  id: Uuid,
                  body: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
                  subject: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
                },
                { additionalProperties: false },
              ),
              {
                maxItems: 500,
                description:
                  "edit then approve: the finished body and subject of drafts among ids (the originals are kept)",
              },
            ),
          ),
        }),
        response: { 200: BulkResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body as { ids: string[]; edits?: ({ id: string } & DraftEdit)[] };
      return {
        results: await decideDrafts(
          deps.db,
          req.principal,
          b.ids,
          { action: "approve" },
          deps.now(),
          bulkEdits(b.ids, b.edits ?? []),
        ),
      };
    },
  );
};
