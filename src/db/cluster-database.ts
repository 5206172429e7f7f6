// A database of its own on a Citus cluster (issue 57): created on every node with the extension, the
// coordinator and the workers registered in it, as docs/scaling.md's operator does by hand. Citus
// propagates neither CREATE DATABASE nor CREATE EXTENSION, and keeps its node list per database, so
// each node is reached with the coordinator URL's credentials at the host and port the coordinator's
// base database lists for it. Used by the Citus suite mode (test/support/citus.ts), `baton simulate
// --server` and `npm run bench:engine` when they are pointed at a coordinator. Databases are built,
// not copied: each node's maintenance daemon keeps a session on every Citus database, and CREATE
// DATABASE … TEMPLATE needs none.
import { type Kysely, sql } from "kysely";
import { openDatabase } from "./connect.ts";

interface Node {
  host: string;
  port: number;
}

/** `baseUrl` with its host, port and database replaced. */
export function urlOnNode(baseUrl: string, node: Node, database: string): string {
  const u = new URL(baseUrl);
  u.hostname = node.host;
  u.port = String(node.port);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Whether the database of `url` has the Citus extension (a coordinator's database, with its workers). */
export async function isCitusDatabase(url: string): Promise<boolean> {
  const d = await openDatabase({ url, poolSize: 1 });
  try {
    const r = await sql<{ on: boolean }>`
      select exists (select 1 from pg_extension where extname = 'citus') as on`.execute(d.db);
    return r.rows[0].on;
  } finally {
    await d.close();
  }
}

/** The coordinator's workers, as registered in the base database of `baseUrl`. */
async function workers(baseUrl: string): Promise<Node[]> {
  const admin = await openDatabase({ url: baseUrl, poolSize: 1 });
  try {
    const r = await sql<{ nodename: string; nodeport: number }>`
      select nodename, nodeport from pg_dist_node where groupid <> 0 and noderole = 'primary' order by nodeid`.execute(
      admin.db,
    );
    if (r.rows.length === 0)
      throw new Error(
        `the coordinator's database ${new URL(baseUrl).pathname.slice(1)} has no workers (citus_add_node)`,
      );
    return r.rows.map((n) => ({ host: n.nodename, port: n.nodeport }));
  } finally {
    await admin.close();
  }
}

async function onEveryNode(baseUrl: string, fn: (admin: Kysely<any>, node: Node) => Promise<void>) {
  const u = new URL(baseUrl);
  const coordinator = { host: u.hostname, port: Number(u.port || 5432) };
  for (const node of [coordinator, ...(await workers(baseUrl))]) {
    const admin = await openDatabase({ url: urlOnNode(baseUrl, node, u.pathname.slice(1)), poolSize: 1 });
    try {
      await fn(admin.db, node);
    } finally {
      await admin.close();
    }
  }
}

/**
 * Creates `name` on every node of the coordinator of `baseUrl` (whose database lists the workers)
 * with the Citus extension (owned by `owner` where given), registers the coordinator and the workers
 * in it, then `prepare` runs as the superuser in every node's new database. Returns the coordinator
 * URL of the new database; it is neither migrated nor distributed yet (src/db/distribute.ts).
 */
export async function createClusterDatabase(
  baseUrl: string,
  name: string,
  opts: { owner?: string; prepare?: (db: Kysely<any>) => Promise<void> } = {},
): Promise<string> {
  const nodes: Node[] = [];
  await onEveryNode(baseUrl, async (admin, node) => {
    nodes.push(node);
    await sql.raw(`create database "${name}"${opts.owner ? ` owner "${opts.owner}"` : ""}`).execute(admin);
    const inDb = await openDatabase({ url: urlOnNode(baseUrl, node, name), poolSize: 1 });
    try {
      await sql`create extension citus`.execute(inDb.db);
      if (opts.prepare) await opts.prepare(inDb.db);
    } finally {
      await inDb.close();
    }
  });
  const [coordinator, ...rest] = nodes;
  const url = urlOnNode(baseUrl, coordinator, name);
  const db = await openDatabase({ url, poolSize: 1 });
  try {
    await sql`select citus_set_coordinator_host(${coordinator.host}, ${coordinator.port})`.execute(db.db);
    for (const w of rest) await sql`select citus_add_node(${w.host}, ${w.port})`.execute(db.db);
  } finally {
    await db.close();
  }
  return url;
}

/** Drops `name` on every node (its sessions ended). */
export async function dropClusterDatabase(baseUrl: string, name: string): Promise<void> {
  await onEveryNode(baseUrl, async (admin) => {
    await sql.raw(`drop database if exists "${name}" with (force)`).execute(admin);
  });
}
