// A Citus cluster as Baton needs it (issue 57; docs/scaling.md "Distributing Baton: the operator's
// steps"): the database's settings on every node, and what is missing, said in words, for
// `baton doctor` and `baton db distribute`. A cluster is its coordinator's database: Citus keeps the
// node list (pg_dist_node) per database, and reaches the workers' copies of it through
// run_command_on_workers / run_command_on_all_nodes, as its own connections (no credentials here).
import { type Kysely, sql } from "kysely";
import { REFERENCE_TABLES } from "./tenant-keys.ts";

/**
 * The database's settings for every later session, on every node (ALTER DATABASE … SET). Citus
 * forwards neither ALTER DATABASE nor a session's plain SET to the sessions it opens on the workers,
 * where the shards, the triggers and the step's statements run:
 * - citus.enable_unsafe_triggers: Citus distributes a table with triggers, and creates a later trigger
 *   on a distributed table, only under it (Baton's triggers touch their own tenant's co-located rows).
 * - citus.propagate_set_commands = 'local': who is acting and the owner's switches are SET LOCAL
 *   settings the triggers read on the workers; Citus forwards SET LOCAL only under it (coordinator).
 * - jit = off: each of Baton's sessions turns JIT off (src/db/connect.ts), and the sessions Citus opens
 *   on the workers for them do not inherit it; the claims of a large tenant compiled there for 0.36 s.
 */
export const CLUSTER_DATABASE_SETTINGS: Readonly<Record<string, string>> = {
  "citus.enable_unsafe_triggers": "on",
  "citus.propagate_set_commands": "local",
  jit: "off",
};

const setting = (database: string, name: string, value: string) =>
  `alter database "${database.replaceAll('"', '""')}" set ${name} = '${value.replaceAll("'", "''")}'`;

/** Sets CLUSTER_DATABASE_SETTINGS on the coordinator's database and on each worker's; returns the nodes set. */
export async function setClusterDatabaseSettings(db: Kysely<any>): Promise<string[]> {
  const database = (await sql<{ d: string }>`select current_database() as d`.execute(db)).rows[0].d;
  const nodes = new Set<string>(["coordinator"]);
  for (const [name, value] of Object.entries(CLUSTER_DATABASE_SETTINGS)) {
    await sql.raw(setting(database, name, value)).execute(db);
    const r = await sql<{ nodename: string; nodeport: number; success: boolean; result: string }>`
      select nodename, nodeport, success, result from run_command_on_workers(${setting(database, name, value)})`.execute(
      db,
    );
    for (const w of r.rows) {
      if (!w.success) throw new Error(`${w.nodename}:${w.nodeport}: ${w.result}`);
      nodes.add(`${w.nodename}:${w.nodeport}`);
    }
  }
  return [...nodes];
}

/** Whether `db` has the Citus extension (a coordinator's, or a worker's, database). */
export async function hasCitus(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{ on: boolean }>`
    select exists (select 1 from pg_extension where extname = 'citus') as on`.execute(db);
  return r.rows[0].on;
}

/**
 * What the cluster of the coordinator's database `db` lacks for Baton, one sentence each (empty:
 * nothing). Read only. Each names the operator's step that fixes it (docs/scaling.md).
 */
export async function clusterProblems(db: Kysely<any>): Promise<string[]> {
  const problems: string[] = [];
  const nodes = await sql<{ nodename: string; nodeport: number; groupid: number; isactive: boolean }>`
    select nodename, nodeport, groupid, isactive from pg_dist_node where noderole = 'primary' order by nodeid`.execute(
    db,
  );
  const workers = nodes.rows.filter((n) => n.groupid !== 0);
  if (!nodes.rows.some((n) => n.groupid === 0))
    problems.push(
      "the coordinator is not registered in this database: select citus_set_coordinator_host('<host>', <port>)",
    );
  if (workers.length === 0) {
    problems.push(
      "no worker is registered in this database (the node list is per database): select citus_add_node('<worker>', <port>) for each",
    );
    return problems;
  }
  for (const w of workers.filter((n) => !n.isactive))
    problems.push(
      `worker ${w.nodename}:${w.nodeport} is registered but not active: select citus_activate_node(…)`,
    );
  const all = async (command: string) =>
    (
      await sql<{ nodeid: number; success: boolean; result: string }>`
        select nodeid, success, result from run_command_on_all_nodes(${command})`.execute(db)
    ).rows;
  const nodeName = new Map(
    (
      await sql<{ nodeid: number; name: string }>`
        select nodeid, nodename || ':' || nodeport as name from pg_dist_node`.execute(db)
    ).rows.map((n) => [n.nodeid, n.name]),
  );
  const named = (id: number) => nodeName.get(id) ?? `node ${id}`;
  // every node answers in this database, with the extension (CREATE DATABASE and CREATE EXTENSION are not propagated)
  const version = await all("select extversion from pg_extension where extname = 'citus'");
  for (const n of version.filter((v) => !v.success || !v.result))
    problems.push(
      `${named(n.nodeid)} has no Citus extension in this database (${n.success ? "none" : n.result.slice(0, 120)}): CREATE DATABASE on every node, then CREATE EXTENSION citus in it on every node`,
    );
  if (problems.length > 0) return problems;
  for (const n of await all("show max_prepared_transactions"))
    if (n.success && Number(n.result) === 0)
      problems.push(
        `${named(n.nodeid)} has max_prepared_transactions = 0: a transaction Citus commits in two phases fails there; set it (e.g. to max_connections) and restart`,
      );
  for (const [name, value] of Object.entries(CLUSTER_DATABASE_SETTINGS)) {
    // a new session on each node, as Citus opens them: the database's own settings apply
    for (const n of await all(`show ${name}`))
      if (n.success && n.result !== value)
        problems.push(
          `${named(n.nodeid)}: ${name} is ${n.result} in new sessions of this database, not ${value}: run \`baton db distribute\` (it sets it on every node)`,
        );
  }
  const held = await sql<{ t: string; method: string; colocated: boolean }>`
    select c.relname as t, p.partmethod as method,
           p.colocationid = (select colocationid from pg_dist_partition where logicalrelid = 'clients'::regclass) as colocated
      from pg_dist_partition p join pg_class c on c.oid = p.logicalrelid
     where c.relnamespace = current_schema()::regnamespace`.execute(db);
  const byName = new Map(held.rows.map((h) => [h.t, h]));
  const tables = await sql<{ t: string }>`
    select c.relname as t from pg_class c
     where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
       and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
                        and d.deptype = 'e')
     order by 1`.execute(db);
  const missing = tables.rows.map((r) => r.t).filter((t) => !byName.has(t));
  if (missing.length > 0)
    problems.push(
      `${missing.length} of Baton's tables are not distributed (${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}): run \`baton db distribute\``,
    );
  for (const t of REFERENCE_TABLES) {
    const h = byName.get(t);
    if (h && h.method !== "n") problems.push(`${t} is distributed, not a reference table`);
  }
  for (const h of held.rows)
    if (!REFERENCE_TABLES.includes(h.t) && (h.method !== "h" || !h.colocated))
      problems.push(`${h.t} is not distributed by client_id with clients`);
  return problems;
}
