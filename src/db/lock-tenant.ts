// A lock that serializes one kind of write within a tenant (invites of an address, campaign
// definitions): the tenant's `clients` row, FOR NO KEY UPDATE, until the transaction ends. It was a
// transaction advisory lock keyed by the tenant, which on Citus exists only on the node where it is
// taken (docs/scaling.md); the clients row is on the tenant's shard, where every session of the
// tenant locks it. NO KEY UPDATE does not conflict with the KEY SHARE lock every foreign key to
// clients takes, so the tenant's other writes go on meanwhile.
import { type Kysely, sql } from "kysely";
import { BatonError } from "../errors/baton-error.ts";

export async function lockTenant(tx: Kysely<any>, clientId: string): Promise<void> {
  const r = await sql`select 1 from clients where client_id = ${clientId} for no key update`.execute(tx);
  if (r.rows.length === 0) throw new BatonError("NOT_FOUND", { entity: "client", id: clientId });
}
