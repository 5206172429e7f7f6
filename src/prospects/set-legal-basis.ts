// The legal basis of a contact (issue 15 item 4): set at import, editable by RevOps and admins.
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { LegalBasis } from "./tables.ts";

export async function setLegalBasis(
  db: Kysely<DB>,
  actor: Principal,
  input: { contactId: string; legalBasis: LegalBasis; source: string },
  now: Date,
): Promise<{ contact_id: string; legal_basis: LegalBasis; legal_basis_source: string }> {
  if (!hasRole(actor, "revops", "admin")) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(actor),
      action: "set a contact's legal basis",
      required: "the revops or admin role",
    });
  }
  const r = await sql<{ erased_at: Date | null }>`
    update contacts set legal_basis = ${input.legalBasis}, legal_basis_source = ${input.source}, updated_at = ${now}
     where client_id = ${actor.clientId} and contact_id = ${input.contactId}::uuid
     returning erased_at`.execute(db);
  if (r.rows.length === 0) throw new BatonError("NOT_FOUND", { entity: "contact", id: input.contactId });
  return { contact_id: input.contactId, legal_basis: input.legalBasis, legal_basis_source: input.source };
}
