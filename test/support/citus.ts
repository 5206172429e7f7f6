// The Citus mode of the PostgreSQL suites (issue 40): with TEST_CITUS_URL naming a Citus coordinator
// whose workers are registered in that URL's database, every database a suite gets is built on every
// node (created, with the extension), its workers registered in it, migrated on the coordinator and
// distributed by tenant (src/db/distribute.ts), as an operator does (src/db/cluster-database.ts, which
// `baton simulate --server` and bench:engine use too). Nothing here runs without TEST_CITUS_URL.
import { type Kysely, sql } from "kysely";
import { createClusterDatabase, dropClusterDatabase } from "../../src/db/cluster-database.ts";
import { distribute } from "../../src/db/distribute.ts";

export const citusUrl = (): string | undefined => process.env.TEST_CITUS_URL || undefined;

/** Few shards per table: a test database is small, and each shard is a table on a worker. */
const SHARD_COUNT = 4;

/** Creates `name` on every node with the extension and the nodes registered (src/db/cluster-database.ts). */
export const createCitusDatabase = createClusterDatabase;

/** Distributes a migrated database by tenant, as `baton db distribute` does. */
export async function distributeForTests(db: Kysely<any>): Promise<void> {
  await distribute(db, { shardCount: SHARD_COUNT });
}

/** Drops `name` on every node. */
export const dropCitusDatabase = dropClusterDatabase;

/**
 * A test's own table (with client_id), co-located with the tenants' on Citus, so that a trigger a test
 * puts on a distributed table can read and write it on the worker where the trigger runs (issue 57:
 * a table of the coordinator alone is not there: "relation … does not exist" on the worker). On one
 * server or PGlite it stays the plain table it is.
 */
export async function distributeTestTable(db: Kysely<any>, table: string): Promise<void> {
  const citus = await sql<{ on: boolean }>`
    select exists (select 1 from pg_extension where extname = 'citus') as on`.execute(db);
  if (!citus.rows[0].on) return;
  await sql`select create_distributed_table(${table}, 'client_id', colocate_with => 'clients')`.execute(db);
}
