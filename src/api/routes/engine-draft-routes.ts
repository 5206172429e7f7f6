// Staged drafts and their approval (spec 002): the exec approves, edits then approves, or rejects,
// one draft or many. Thin over src/engine.
import { Type } from "typebox";
import {
  type DraftEdit,
  decideDraft,
  decideDrafts,
  draftView,
  getDraft,
  listDrafts,
} from "../../engine/index.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { RouteModule } from "../context.ts";
import { DraftView } from "../schemas/engine.ts";
import { IdParam, ItemError, Nullable, PAGE_FIELDS, pageOf, stdErrors, Uuid } from "../schemas.ts";

const BulkResult = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      ok: Type.Boolean(),
      status: Type.Optional(Type.String()),
      error: Type.Optional(ItemError),
    }),
  ),
});

/** A bulk approval's edits by draft id: each for a draft among the ids, one per draft. */
function bulkEdits(ids: string[], edits: ({ id: string } & DraftEdit)[]): Map<string, DraftEdit> {
  const listed = new Set(ids);
  const out = new Map<string, DraftEdit>();
  for (const [i, { id, ...edit }] of edits.entries()) {
    const problem = !listed.has(id)
      ? "an edit for a draft that is not among ids"
      : out.has(id)
        ? "a second edit for the same draft"
        : null;
    if (problem)
      throw new BatonError("VALIDATION_FAILED", { errors: [{ path: `/edits/${i}/id`, message: problem }] });
    out.set(id, edit);
  }
  return out;
}

const Status = Type.Union(["pending", "approved", "rejected", "cancelled"].map((s) => Type.Literal(s)));

export const engineDraftRoutes: RouteModule = (app, deps) => {
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
  app.get(
    "/api/v1/drafts/:id",
    {
      schema: {
        tags: ["drafts"],
        summary: "One staged draft",
        params: Type.Object({ id: IdParam("staged draft") }),
        response: { 200: DraftView, ...stdErrors },
      },
    },
    async (req) => draftView(await getDraft(deps.db, req.principal, (req.params as { id: string }).id)),
  );
  app.post(
    "/api/v1/drafts/:id/approve",
    {
      schema: {
        tags: ["drafts"],
        summary: "Approve a draft (exec); give body/subject to edit then approve (the original is kept)",
        params: Type.Object({ id: IdParam("staged draft") }),
        body: Type.Object(
          {
            body: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
            subject: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
          },
          { description: "{} approves as drafted" },
        ),
        response: { 200: DraftView, ...stdErrors },
      },
    },
    async (req) => {
      const b = (req.body ?? {}) as { body?: string; subject?: string | null };
      const id = (req.params as { id: string }).id;
      return draftView(
        await decideDraft(deps.db, req.principal, id, { action: "approve", ...b }, deps.now()),
      );
    },
  );
  app.post(
    "/api/v1/drafts/:id/reject",
    {
      schema: {
        tags: ["drafts"],
        summary: "Reject a draft (exec); its touch is cancelled",
        params: Type.Object({ id: IdParam("staged draft") }),
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 200: DraftView, ...stdErrors },
      },
    },
    async (req) => {
      const reason = ((req.body ?? {}) as { reason?: string }).reason ?? null;
      const id = (req.params as { id: string }).id;
      return draftView(
        await decideDraft(deps.db, req.principal, id, { action: "reject", reason }, deps.now()),
      );
    },
  );
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
  app.post(
    "/api/v1/drafts/reject",
    {
      schema: {
        tags: ["drafts"],
        summary: "Reject many drafts (exec); each gets its own result",
        body: Type.Object({
          ids: Type.Array(Uuid, { minItems: 1, maxItems: 500 }),
          reason: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 200: BulkResult, ...stdErrors },
      },
    },
    async (req) => {
      const b = req.body as { ids: string[]; reason?: string };
      return {
        results: await decideDrafts(
          deps.db,
          req.principal,
          b.ids,
          { action: "reject", reason: b.reason ?? null },
          deps.now(),
        ),
      };
    },
  );
};
