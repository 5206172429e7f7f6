// An import's request before any job exists (issue 15 item 1): who may import, what is asked, and
// the file parsed in slices (slice-work.ts) with the mapping checked, each row's fields read through
// it and the rows whose text was not UTF-8 marked (find-invalid-text.ts).
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { ImportRow } from "./contact-plan.ts";
import { findInvalidText } from "./find-invalid-text.ts";
import { type ImportKind, resolveMapping } from "./import-fields.ts";
import { parseCsvSliced } from "./parse-csv.ts";
import { slicer } from "./slice-work.ts";
import type { LegalBasis } from "./tables.ts";

export const IMPORT_ROLES = ["revops", "admin"] as const;

export interface ImportRequest {
  kind: ImportKind;
  csv: string;
  /** field → header column */
  mapping: Record<string, string>;
  dryRun: boolean;
  onDuplicate: "update" | "skip";
  /** The basis for rows without a legal_basis column value. */
  legalBasis?: LegalBasis;
  legalBasisSource?: string;
  /** create the accounts the file names that none has (issue 60); otherwise their rows are refused */
  createAccounts?: boolean;
}

export function assertMayImport(actor: Principal) {
  if (!hasRole(actor, ...IMPORT_ROLES)) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(actor),
      action: "import contacts and accounts",
      required: `the ${IMPORT_ROLES.join(" or ")} role`,
    });
  }
}

export type PreparedImport = Awaited<ReturnType<typeof prepareImport>>;

/** Parses (in slices) and checks the mapping; marks the rows whose text was not UTF-8. */
export async function prepareImport(actor: Principal, req: ImportRequest) {
  assertMayImport(actor);
  const parsed = await parseCsvSliced(req.csv);
  const invalid = await findInvalidText(req.csv, parsed);
  const columns = resolveMapping(req.kind, parsed.header, req.mapping);
  const rows: ImportRow[] = new Array(parsed.rows.length);
  const slice = slicer();
  for (let i = 0; i < parsed.rows.length; i++) {
    const cells = parsed.rows[i];
    rows[i] = {
      line: parsed.lines[i],
      invalidUtf8At: invalid.get(i),
      get: (field: string) => {
        const idx = columns.get(field);
        return idx === undefined ? "" : (cells[idx] ?? "").trim();
      },
    };
    if ((i & 1023) === 1023) await slice();
  }
  return { rows };
}
