// A campaign may require a legal basis (issue 15 item 4): `required_legal_basis` in its definition,
// a list of the bases that allow a contact into it. Gate 1 then blocks contacts without one of them
// (reason legal_basis_missing; src/coordinator/gates/prospect-facts.ts). null or absent: none required.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { Problem } from "./validate-definition.ts";

export const REQUIRABLE_LEGAL_BASES = ["legitimate_interest", "consent", "customer"] as const;

export function legalBasisProblems(v: unknown): Problem[] {
  if (v === undefined || v === null) return [];
  const bad = (message: string): Problem[] => [
    { code: "CAMPAIGN_LEGAL_BASIS_INVALID", path: "/required_legal_basis", message },
  ];
  if (!Array.isArray(v) || v.length === 0) return bad("give a non-empty list of bases, or null for none");
  const unknown = v.filter((b) => !(REQUIRABLE_LEGAL_BASES as readonly unknown[]).includes(b));
  if (unknown.length)
    return bad(`unknown basis ${unknown.join(", ")}; use ${REQUIRABLE_LEGAL_BASES.join(", ")}`);
  if (new Set(v).size !== v.length) return bad("a basis is listed twice");
  return [];
}

export async function writeRequiredLegalBasis(
  tx: Kysely<DB>,
  clientId: string,
  campaignId: string,
  bases: string[] | null,
): Promise<void> {
  await sql`update campaigns set required_legal_basis = ${bases}::text[]
             where client_id = ${clientId} and id = ${campaignId}::uuid`.execute(tx);
}

/** The stored requirement of a campaign row (the column is read with the row, typed here). */
export function requiredLegalBasisOf(row: object): string[] | null {
  return (row as { required_legal_basis?: string[] | null }).required_legal_basis ?? null;
}
