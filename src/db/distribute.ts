// `baton db distribute`: distributes Baton's tables on a Citus coordinator by tenant (docs/scaling.md).
// It runs distributionPlanSql()'s statements for the tables not distributed yet, so it is run again
// after a migration that adds a table. The database's settings for every later session go with it,
// on every node (src/db/citus-cluster.ts CLUSTER_DATABASE_SETTINGS: Citus forwards no ALTER DATABASE,
// and the sessions it opens on the workers do not inherit the coordinator's; issue 57):
//   - citus.enable_unsafe_triggers = on: Citus distributes a table with triggers, and creates a
//     trigger on a distributed table, only under it. Baton's triggers touch the rows of their own
//     tenant only, which are co-located (docs/scaling.md lists them), which is what makes them safe.
//   - citus.propagate_set_commands = 'local': who is acting (src/db/actor-context.ts) and the owner's
//     switches (erasure, retention, archiving) are SET LOCAL settings that the triggers read on the
//     workers, where the shards are; Citus forwards SET LOCAL to them only under this setting.
//   - jit = off, as each of Baton's own sessions sets it (src/db/connect.ts).
// It answers what the cluster still lacks (clusterProblems, as `baton doctor` says it).
import { type Kysely, sql } from "kysely";
import { BatonError } from "../errors/baton-error.ts";
import { clusterProblems, setClusterDatabaseSettings } from "./citus-cluster.ts";
import { distributionPlanSql } from "./tenant-keys.ts";

export interface DistributeResult {
  citus_version: string;
  /** the statements run now, in order */
  applied: string[];
  /** tables Citus already held (distributed or reference) before this run */
  already_distributed: number;
  /** the nodes whose database got the settings (the coordinator and each worker) */
  settings_on: string[];
  /** what the cluster still lacks for Baton afterwards (empty: nothing) */
  problems: string[];
}

/** The installed Citus extension's version in this database; null where there is none. */
export async function citusVersion(db: Kysely<any>): Promise<string | null> {
  const r = await sql<{
    v: string;
  }>`select extversion as v from pg_extension where extname = 'citus'`.execute(db);
  return r.rows[0]?.v ?? null;
}

/** Runs the plan on the coordinator `db` (the schema owner's connection). `shardCount` is Citus's per table. */
export async function distribute(
  db: Kysely<any>,
  opts: { shardCount?: number } = {},
): Promise<DistributeResult> {
  const version = await citusVersion(db);
  if (!version) {
    const server = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db))
      .rows[0].v;
    throw new BatonError("CITUS_NOT_INSTALLED", { server });
  }
  if (opts.shardCount !== undefined && !(Number.isInteger(opts.shardCount) && opts.shardCount > 0))
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "shard-count", message: "is a whole number above 0" }],
    });
  return db.connection().execute(async (c) => {
    const settingsOn = await setClusterDatabaseSettings(c);
    await sql`set citus.enable_unsafe_triggers = on`.execute(c);
    if (opts.shardCount !== undefined) await sql.raw(`set citus.shard_count = ${opts.shardCount}`).execute(c);
    const held = new Set(
      (
        await sql<{ t: string }>`
          select c.relname as t from pg_dist_partition p join pg_class c on c.oid = p.logicalrelid
           where c.relnamespace = current_schema()::regnamespace`.execute(c)
      ).rows.map((r) => r.t),
    );
    const applied: string[] = [];
    for (const statement of await distributionPlanSql(c)) {
      const table = /'(?:[^.']+\.)?([^']+)'/.exec(statement)?.[1];
      if (table && held.has(table)) continue;
      await sql.raw(statement).execute(c);
      applied.push(statement);
    }
    return {
      citus_version: version,
      applied,
      already_distributed: held.size,
      settings_on: settingsOn,
      problems: await clusterProblems(c),
    };
  });
}
