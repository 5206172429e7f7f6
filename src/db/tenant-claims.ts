// Claims across tenants, one tenant a statement (docs/scaling.md, "The engine's claims on a
// cluster"). A claim that picks due rows across every tenant with FOR UPDATE SKIP LOCKED runs on one
// PostgreSQL server, but not on Citus: Citus runs FOR UPDATE only in a query routed to one shard,
// which is one tenant's. So a claim is two steps, the same on every database:
//   1. a read-only fan-out lists the tenants with due rows, earliest due first (no row locks; on
//      Citus it runs on every shard in parallel): dueTenants();
//   2. one claim statement per tenant, each naming `client_id = $1` and locking with FOR UPDATE
//      SKIP LOCKED as before, routed to the tenant's shard: claimAcrossTenants() calls it.
// Fairness: every listed tenant gets an equal share of the batch in the listed order, and what a
// tenant leaves of its share goes to the tenants that filled theirs (rounds until the batch is full
// or no tenant has more). One large tenant never holds back the others.
import { type Kysely, type RawBuilder, sql } from "kysely";

/**
 * Runs `fanOut` (a read-only `select client_id … group by client_id order by <earliest due>`) and
 * returns its tenants in order. `fanOut` must not lock rows; at most `limit` of them matter (each
 * listed tenant gets at least one row of the batch), so it should end with `limit ${limit}`.
 */
export async function dueTenants(
  db: Kysely<any>,
  fanOut: RawBuilder<{ client_id: string }>,
): Promise<string[]> {
  const r = await fanOut.execute(db);
  return r.rows.map((x) => x.client_id);
}

/**
 * Claims up to `limit` rows over `tenants` (in their order): `claim(clientId, n)` claims up to n of
 * that tenant's rows (one statement naming the tenant; FOR UPDATE SKIP LOCKED) and returns them.
 * Each tenant gets ceil(limit / tenants) first; rounds follow for the tenants that filled their share.
 */
export async function claimAcrossTenants<T>(
  tenants: readonly string[],
  limit: number,
  claim: (clientId: string, n: number) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  let open = [...new Set(tenants)];
  while (out.length < limit && open.length > 0) {
    const share = Math.max(1, Math.ceil((limit - out.length) / open.length));
    const full: string[] = [];
    for (const clientId of open) {
      const n = Math.min(share, limit - out.length);
      if (n <= 0) break;
      const got = await claim(clientId, n);
      out.push(...got);
      if (got.length >= n) full.push(clientId);
    }
    open = full;
  }
  return out;
}

/** A claim with a lease on one tenant's rows: the ids the pick chose, and whether a previous lease had run out. */
export interface TenantLeased {
  id: string;
  client_id: string;
  taken_over: boolean;
}

/**
 * One tenant's claim with a lease (the engine's pattern, src/engine/claims.ts, routed to one shard):
 * `pick` selects ids of `table` with `client_id = clientId`, a limit and FOR UPDATE SKIP LOCKED;
 * the picked rows get claimed_by = workerId until `until`. Every statement names the tenant.
 */
export async function claimTenantWithLease(
  db: Kysely<any>,
  table: "campaign_contacts" | "sales_send_queue",
  clientId: string,
  pick: RawBuilder<unknown>,
  workerId: string,
  until: Date,
): Promise<TenantLeased[]> {
  // the pick runs once (MATERIALIZED): as a subquery the planner may run it again for each row,
  // and with SKIP LOCKED each run can pick other rows (a claim of 3 took 4)
  const r = await sql<TenantLeased>`
    with pick as materialized (${pick}),
         picked as (select p.id, p.claimed_by from ${sql.table(table)} p
                      join pick on pick.id = p.id
                     where p.client_id = ${clientId})
    update ${sql.table(table)} t set claimed_by = ${workerId}, claimed_until = ${until}
      from picked
     where t.client_id = ${clientId} and t.id = picked.id
    returning t.id, t.client_id, picked.claimed_by is not null as taken_over`.execute(db);
  return r.rows;
}

/**
 * Holds one row back by a lease (claimed_by / claimed_until): a row whose work failed on its own,
 * after its batch failed, is tried again only once the lease ends (the engine's steps and sends).
 */
export async function holdBackWithLease(
  db: Kysely<any>,
  table: "campaign_contacts" | "sales_send_queue",
  clientId: string,
  id: string,
  workerId: string,
  until: Date,
): Promise<void> {
  await sql`update ${sql.table(table)} set claimed_by = ${workerId}, claimed_until = ${until}
             where client_id = ${clientId} and id = ${id}`.execute(db);
}
