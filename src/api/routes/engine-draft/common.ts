// What the routes of engine-draft-routes.ts share.
import { Type } from "typebox";
import type { DraftEdit } from "../../../engine/index.ts";
import { BatonError } from "../../../errors/baton-error.ts";
import { ItemError } from "../../schemas.ts";

export const BulkResult = Type.Object({
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
export function bulkEdits(ids: string[], edits: ({ id: string } & DraftEdit)[]): Map<string, DraftEdit> {
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
export const Status = Type.Union(
  ["pending", "approved", "rejected", "cancelled"].map((s) => Type.Literal(s)),
);
