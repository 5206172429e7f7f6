// The Citus mode of the PostgreSQL suites (issue 40): with TEST_CITUS_URL naming a Citus coordinator
// whose workers are registered in that URL's database, every database a suite gets is built on every
// node (created, with the extension), its workers registered in it, migrated on the coordinator and
// distributed by tenant (src/db/distribute.ts), as an operator does. Citus databases are not copied
// from a template: each node's maintenance daemon holds a session on every Citus database, and
// CREATE DATABASE … TEMPLATE needs none. Nothing here runs without TEST_CITUS_URL.
import { type Kysely, sql } from "kysely";
import { openDatabase } from "../../src/db/connect.ts";
import { distribute } from "../../src/db/distribute.ts";

export const citusUrl = (): string | undefined => process.env.TEST_CITUS_URL || undefined;

/** Few shards per table: a test database is small, and each shard is a table on a worker. */
const SHARD_COUNT = 4;

function onNode(baseUrl: string, host: string, port: number, database: string): string {
  const u = new URL(baseUrl);
  u.hostname = host;
  u.port = String(port);
  u.pathname = `/${database}`;
  return u.toString();
}

interface Node {
  host: string;
  port: number;
}

/** The coordinator's workers, as registered in the base database of TEST_CITUS_URL. */
async function workers(baseUrl: string): Promise<Node[]> {
  const admin = await openDatabase({ url: baseUrl, poolSize: 1 });
  try {
    const r = await sql<{ nodename: string; nodeport: number }>`
      select nodename, nodeport from pg_dist_node where groupid <> 0 and noderole = 'primary' order by nodeid`.execute(
      admin.db,
    );
    if (r.rows.length === 0)
      throw new Error(`TEST_CITUS_URL: the coordinator's database has no workers (citus_add_node)`);
    return r.rows.map((n) => ({ host: n.nodename, port: n.nodeport }));
  } finally {
    await admin.close();
  }
}

async function onEveryNode(baseUrl: string, fn: (admin: Kysely<any>, node: Node) => Promise<void>) {
  const u = new URL(baseUrl);
  const coordinator = { host: u.hostname, port: Number(u.port || 5432) };
  for (const node of [coordinator, ...(await workers(baseUrl))]) {
    const admin = await openDatabase({
      url: onNode(baseUrl, node.host, node.port, u.pathname.slice(1)),
      poolSize: 1,
    });
    try {
      await fn(admin.db, node);
    } finally {
      await admin.close();
    }
  }
}

/**
 * Creates `name` on every node with the Citus extension (owned by `owner` where given) and registers
 * the coordinator and the workers in it; then `prepare` (as the superuser, on every node's new
 * database). Returns the coordinator URL of the new database.
 */
export async function createCitusDatabase(
  baseUrl: string,
  name: string,
  opts: { owner?: string; prepare?: (db: Kysely<any>) => Promise<void> } = {},
): Promise<string> {
  const nodes: Node[] = [];
  await onEveryNode(baseUrl, async (admin, node) => {
    nodes.push(node);
    await sql.raw(`create database "${name}"${opts.owner ? ` owner "${opts.owner}"` : ""}`).execute(admin);
    const inDb = await openDatabase({ url: onNode(baseUrl, node.host, node.port, name), poolSize: 1 });
    try {
      await sql`create extension citus`.execute(inDb.db);
      if (opts.prepare) await opts.prepare(inDb.db);
    } finally {
      await inDb.close();
    }
  });
  const [coordinator, ...rest] = nodes;
  const url = onNode(baseUrl, coordinator.host, coordinator.port, name);
  const db = await openDatabase({ url, poolSize: 1 });
  try {
    await sql`select citus_set_coordinator_host(${coordinator.host}, ${coordinator.port})`.execute(db.db);
    for (const w of rest) await sql`select citus_add_node(${w.host}, ${w.port})`.execute(db.db);
  } finally {
    await db.close();
  }
  return url;
}

/** Distributes a migrated database by tenant, as `baton db distribute` does. */
export async function distributeForTests(db: Kysely<any>): Promise<void> {
  await distribute(db, { shardCount: SHARD_COUNT });
}

/** Drops `name` on every node. */
export async function dropCitusDatabase(baseUrl: string, name: string): Promise<void> {
  await onEveryNode(baseUrl, async (admin) => {
    await sql.raw(`drop database if exists "${name}" with (force)`).execute(admin);
  });
}

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
