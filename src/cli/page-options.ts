// The CLI's side of the one paging style (issue 58): a list command takes --limit and --cursor and
// prints the page as the API answers it, {items, next_cursor}; the next page is the same command
// with --cursor <next_cursor>.
import { BatonError } from "../errors/baton-error.ts";
import type { CliContext } from "./command.ts";

export const PAGE_OPTIONS = {
  limit: { type: "string", description: "1-500 items per page" },
  cursor: { type: "string", description: "next_cursor of the previous page" },
} as const;

/** The --limit and --cursor of a list command. */
export function pageFlags(ctx: CliContext): { limit?: number; cursor?: string } {
  const { limit, cursor } = ctx.flags;
  const n = typeof limit === "string" ? Number(limit) : undefined;
  if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 500))
    throw new BatonError("VALIDATION_FAILED", { errors: [{ path: "--limit", message: "is not 1 to 500" }] });
  return { limit: n, cursor: typeof cursor === "string" ? cursor : undefined };
}
