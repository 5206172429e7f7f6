// The one error registry (STYLE.md, after fastify's lib/errors.js). Each domain keeps its codes in a
// fragment of its own (defineErrors in its *-errors.ts) and registers it: the codes' type by adding
// the fragment to ErrorRegistry below (a `declare module` beside the fragment, as fastify's plugins
// decorate its interfaces), the entries at run time by registerErrors, called for every fragment by
// the one list above the domains (src/runtime/errors.ts). So src/errors, the bottom floor, imports no
// domain (issue 59 item 3). Codes are never reused once retired.
import type { ErrorEntry } from "./define.ts";
import { foundationErrors } from "./foundation-errors.ts";

type FoundationErrors = typeof foundationErrors;

/** Every code, by its fragment: each domain's *-errors.ts adds its own (module augmentation). */
export interface ErrorRegistry extends FoundationErrors {}

export type ErrorCode = keyof ErrorRegistry & string;

const entries = new Map<string, ErrorEntry>();
export const codeBySqlstate = new Map<string, ErrorCode>();
export const codeByConstraint = new Map<string, ErrorCode>();

/**
 * Adds a fragment's codes. Registering the same fragment again is a no-op; another entry under a
 * code already registered is a programming error (two domains claiming one code).
 */
export function registerErrors(fragment: Record<string, ErrorEntry>): void {
  for (const [code, entry] of Object.entries(fragment)) {
    const had = entries.get(code);
    if (had === entry) continue;
    if (had) throw new Error(`error code ${code} is registered twice`);
    entries.set(code, entry);
    if (entry.sqlstate) codeBySqlstate.set(entry.sqlstate, code as ErrorCode);
    for (const c of entry.constraints ?? []) codeByConstraint.set(c, code as ErrorCode);
  }
}

/** The entry of a registered code (undefined when its domain's fragment was not registered). */
export function errorEntry(code: string): ErrorEntry | undefined {
  return entries.get(code);
}

/** Every registered code's entry, in the order registered. */
export function registeredErrors(): Record<string, ErrorEntry> {
  return Object.fromEntries(entries);
}

registerErrors(foundationErrors);
