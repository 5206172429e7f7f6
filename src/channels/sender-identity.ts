// A tenant's sender identity (issue 41 item 4): the company and postal address every commercial
// email's footer carries (compliance-footer.ts). RevOps and admins set it; staff read it.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { SenderIdentity } from "./compliance-footer.ts";

const WRITERS = ["admin", "revops"] as const;
const READERS = ["admin", "revops", "slm", "exec", "rep"] as const;

export interface SenderIdentityView extends SenderIdentity {
  updated_at: string;
}

/** The identities of these tenants (one statement for a batch of sends). */
export async function loadSenderIdentities(
  db: Kysely<DB>,
  clientIds: string[],
): Promise<Map<string, SenderIdentity>> {
  const ids = [...new Set(clientIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("sender_identities")
    .select(["client_id", "company_name", "postal_address"])
    .where("client_id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.client_id, r]));
}

export async function getSenderIdentity(
  db: Kysely<DB>,
  actor: Principal,
): Promise<SenderIdentityView | null> {
  requireRole(actor, "read the sender identity", ...READERS);
  const r = await db
    .selectFrom("sender_identities")
    .select(["company_name", "postal_address", "updated_at"])
    .where("client_id", "=", actor.clientId)
    .executeTakeFirst();
  return r ? { ...r, updated_at: new Date(r.updated_at).toISOString() } : null;
}

export async function setSenderIdentity(
  db: Kysely<DB>,
  actor: Principal,
  input: SenderIdentity,
  now: Date,
): Promise<SenderIdentityView> {
  requireRole(actor, "set the sender identity", ...WRITERS);
  const company_name = input.company_name.trim();
  const postal_address = input.postal_address.trim();
  const problems: string[] = [];
  if (company_name.length < 1 || company_name.length > 200)
    problems.push("company_name is 1 to 200 characters");
  if (postal_address.length < 10 || postal_address.length > 500)
    problems.push("postal_address is 10 to 500 characters: street, city, postal code and country");
  if (problems.length) throw new BatonError("SENDER_IDENTITY_INVALID", { why: problems.join("; ") });
  const row = {
    client_id: actor.clientId,
    company_name,
    postal_address,
    updated_at: now,
    updated_by_principal_id: actor.principalId,
  };
  await db
    .insertInto("sender_identities")
    .values(row)
    .onConflict((oc) =>
      oc.column("client_id").doUpdateSet({
        company_name,
        postal_address,
        updated_at: now,
        updated_by_principal_id: actor.principalId,
      }),
    )
    .execute();
  return { company_name, postal_address, updated_at: now.toISOString() };
}

/** Seeds and simulations: a tenant's identity without an actor (the demo's, a simulation's, a test tenant's). */
export async function seedSenderIdentity(
  db: Kysely<DB>,
  clientId: string,
  id: SenderIdentity,
): Promise<void> {
  await db
    .insertInto("sender_identities")
    .values({ client_id: clientId, ...id })
    .onConflict((oc) => oc.column("client_id").doNothing())
    .execute();
}
