// The tenant's principals by name, so pages can say who picked up, edited and approved a play.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";

export interface PrincipalName {
  principal_id: string;
  display_name: string;
  kind: string;
  roles: string[];
  agent_id: string | null;
}

export async function listPrincipals(db: Kysely<DB>, p: Principal): Promise<PrincipalName[]> {
  const rows = await db
    .selectFrom("principals")
    .select(["principal_id", "display_name", "kind", "roles", "agent_id"])
    .where("client_id", "=", p.clientId)
    .orderBy("display_name")
    .limit(1000)
    .execute();
  return rows.map((r) => ({ ...r, roles: r.roles ?? [] }));
}
