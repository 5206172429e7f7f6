// One driver (pg) and one code path for both databases: PGlite through a pg connection of our
// own (pglite-connection.ts: one call into PGlite an exchange), or a PostgreSQL server.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import pg from "pg";
import type { DB } from "./database.ts";
import { initDataDirApart, notInitialised } from "./initdb-apart.ts";
import { acquireDataDirLock } from "./lock-file.ts";
import { cacheDataFileSizes } from "./nodefs-size-cache.ts";
import { pglitePgConfig } from "./pglite-connection.ts";
import { pipelinedDialect } from "./pipelined-driver.ts";
import { installTimestamptzParser } from "./timestamptz.ts";

// Counts come back as numbers, DATE as 'YYYY-MM-DD' (no time-zone shift), NUMERIC as numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);
// TIMESTAMPTZ: the server's common text form parsed without pg's regular expressions (timestamptz.ts)
installTimestamptzParser(pg.types);

export type DbKind = "pglite" | "postgres";

/**
 * PGlite's start parameters: its defaults (single-user mode, no parallel workers) and a memory budget
 * for one embedded process. initdb writes shared_buffers = 128MB and max_connections = 100 into the
 * data directory's postgresql.conf, sized for a server; PGlite runs one backend, reads through the OS
 * page cache, and touches those buffers, so they end up in the process's RSS (about 300 MB for PGlite
 * alone). 16 MB of buffers holds Baton's hot pages; wal_buffers follows shared_buffers (1/32).
 * See docs/operations.md "Memory and start time".
 */
export const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  ...["-c", "shared_buffers=16MB", "-c", "max_connections=10"],
];

export interface Database {
  db: Kysely<DB>;
  kind: DbKind;
  /** The underlying PGlite instance, when embedded. */
  pglite?: PGlite;
  /** The connection pool (its totalCount/idleCount/waitingCount go to /metrics). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

/**
 * Every server session runs without JIT compilation. Baton's statements are short, and the planner
 * decides JIT on its cost estimate, which the engine's claims inflate on a large tenant (a subplan
 * per candidate row): the finish claim of a 100,000-contact tenant ran 2.7 ms and compiled for 358 ms
 * (35 functions inlined and optimized), on every engine pass (docs/performance-journal.md 0u). JIT never
 * paid for itself in any statement measured here; the event log's readers already ran without it
 * (migration 0323). Sent as the session's first statement: pg queues it ahead of the query the new
 * connection was opened for. Behind a pooler in transaction mode, set it on the role instead
 * (`alter role … set jit = off`, docs/operations.md).
 */
function withoutJit(client: pg.PoolClient): void {
  client.query("set jit = off").catch(() => {
    /* a broken connection fails the query it was opened for, which reports it */
  });
}

export interface OpenOptions {
  url?: string;
  dataDir?: string;
  /** An existing PGlite instance (tests load one from a template). Owned by the caller unless ownPglite. */
  pglite?: PGlite;
  ownPglite?: boolean;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, pipeline: true });
    // an idle client whose connection ends (a restart, a terminated backend) emits 'error' on the
    // pool, which removes it; without a listener that event would end the process. The next
    // request opens a new connection (lost-connection.ts: tried again while the server restarts).
    pool.on("error", () => {});
    pool.on("connect", withoutJit);
    const db = new Kysely<DB>({ dialect: pipelinedDialect(pool) });
    return { db, kind: "postgres", pool, close: () => db.destroy() };
  }
  let release = () => {};
  let pglite = opts.pglite;
  if (!pglite) {
    if (!opts.dataDir) throw new Error("openDatabase needs url, dataDir or pglite");
    release = acquireDataDirLock(opts.dataDir);
    fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
    try {
      // a new directory's initdb in a child process: this one keeps ~300 MB, not ~800 (initdb-apart.ts)
      if (notInitialised(opts.dataDir)) await initDataDirApart(opts.dataDir, PGLITE_START_PARAMS);
      pglite = await PGlite.create({ dataDir: opts.dataDir, startParams: PGLITE_START_PARAMS });
      cacheDataFileSizes(pglite);
    } catch (e) {
      release();
      throw e;
    }
  }
  const owned = !opts.pglite || opts.ownPglite;
  const pool = new pg.Pool({ ...pglitePgConfig(pglite), pipeline: true });
  const db = new Kysely<DB>({ dialect: pipelinedDialect(pool) });
  return {
    db,
    kind: "pglite",
    pool,
    pglite,
    async close() {
      await db.destroy();
      if (owned) await pglite.close();
      release();
    },
  };
}
