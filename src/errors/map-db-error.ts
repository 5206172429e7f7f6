// Map database errors by SQLSTATE and constraint name, never by class: PGlite and pg raise
// different classes for the same error (STYLE.md).
import { BatonError, isBatonError } from "./baton-error.ts";
import { codeByConstraint, codeBySqlstate } from "./registry.ts";

function parseFacts(detail: unknown): Record<string, unknown> {
  if (typeof detail !== "string" || detail === "") return {};
  try {
    const v = JSON.parse(detail);
    return v && typeof v === "object" ? v : { detail };
  } catch {
    return { detail };
  }
}

/** An error the database raised (it carries a SQLSTATE), as opposed to a fault in our own code. */
export function isDatabaseError(e: unknown): e is { code: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
}

/** Returns a BatonError for a known database error, or undefined when it is not one. */
export function mapDbError(e: unknown): BatonError | undefined {
  if (isBatonError(e)) return e;
  if (!isDatabaseError(e)) return undefined;
  const err = e as { code: string; constraint?: string; detail?: string; message?: string };
  const custom = codeBySqlstate.get(err.code);
  if (custom) return new BatonError(custom, parseFacts(err.detail), { cause: e });
  const byConstraint = err.constraint ? codeByConstraint.get(err.constraint) : undefined;
  if (byConstraint) return new BatonError(byConstraint, { constraint: err.constraint }, { cause: e });
  switch (err.code) {
    case "23505":
      return new BatonError("CONFLICT", { constraint: err.constraint }, { cause: e });
    case "23503":
      return new BatonError("INVALID_REFERENCE", { constraint: err.constraint }, { cause: e });
    case "23514":
    case "23502":
      return new BatonError("CHECK_VIOLATION", { constraint: err.constraint ?? err.message }, { cause: e });
    // data exceptions: a value the database cannot hold (issue 36 item 10: a NUL character,
    // a number out of range, nesting too deep for jsonb gave 500 when a check upstream missed it)
    case "22P02":
    case "22007":
    case "22008":
    case "22023":
    case "22001": // string_data_right_truncation
    case "22003": // numeric_value_out_of_range
    case "22021": // character_not_in_repertoire (a NUL byte in text)
    case "22P05": // untranslatable_character (\u0000 in jsonb)
    case "54001": // statement_too_complex (stack depth)
      return new BatonError(
        "VALIDATION_FAILED",
        { errors: [{ path: "", message: String(err.message ?? "").slice(0, 200) }] },
        { cause: e },
      );
    case "40001":
    case "40P01":
    case "55P03":
      return new BatonError("RETRY_LATER", {}, { cause: e });
    default:
      return undefined;
  }
}

/** Rethrows a database error as its registered BatonError. Use around writes. */
export function rethrowDb(e: unknown): never {
  throw mapDbError(e) ?? e;
}
