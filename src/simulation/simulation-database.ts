// The simulation's in-memory database, loaded from a migrated template (issue 14 item 7). A cold
// initdb took seconds and most of the run's peak memory (PGlite keeps the wasm heap initdb grew to);
// the schema after `migrate` and `drawIdsFromSequence` is the same on every run of a checkout, so it
// is dumped once into the OS's temporary directory, named after the migrations' hash, and loaded by
// every later run. The loaded database is the same one a cold start builds: same schema, same
// (empty) tables, the id sequence not yet drawn from. `baton simulate --server` runs in a throw-away
// database on a PostgreSQL server instead (simulationServerDatabase).
import crypto, { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { ConfigError } from "../config/config.ts";
import { type Database, openDatabase, PGLITE_START_PARAMS } from "../db/connect.ts";
import { initDataDirApart } from "../db/initdb-apart.ts";
import { migrate, readMigrations } from "../db/migrate.ts";
import { cacheDataFileSizes } from "../db/nodefs-size-cache.ts";
import { allowApplicationClock } from "../db/owner-settings.ts";
import { rng } from "./simulate-days.ts";
import { drawIdsFromSequence } from "./simulation-ids.ts";
import { rebuildBrinIndexes, unlogTables } from "./unlogged-tables.ts";

/**
 * The server's start parameters for a simulation: the embedded defaults (connect.ts), and a
 * write-ahead log sized for a throw-away in-memory database. Nothing here changes what a query
 * returns: the database is never recovered from its WAL, so full-page images, zero-filled segments
 * and waiting for the WAL's flush at commit are work and memory for nothing (PGlite runs no
 * checkpointer; WAL segments up to max_wal_size stay in its in-memory file system). Planner costs
 * stay the defaults: random_page_cost=1.1 moved the report at 10,000 contacts (docs/performance-journal.md
 * 0.7: claims break ties in next_send_at by the plan's row order).
 */
export const SIMULATION_START_PARAMS = [
  ...PGLITE_START_PARAMS,
  ...["-c", "full_page_writes=off", "-c", "synchronous_commit=off", "-c", "wal_init_zero=off"],
  ...["-c", "max_wal_size=64MB", "-c", "min_wal_size=32MB"],
  // 16 MB of shared buffers (the embedded default) held a fraction of a 10,000-contact run's tables:
  // 5 days read 2.7 GB and wrote 2.4 GB back and forth through the data directory; with 128 MB,
  // 0.07 GB and 0.7 GB, and 0.93x the wall time, for ~160 MB more RSS (docs/performance-journal.md 0.7)
  ...["-c", "shared_buffers=128MB", "-c", "wal_buffers=16MB"],
];

/**
 * Runs `start` (a PGlite starting) with the operating system's random bytes replaced by a fixed
 * sequence. PostgreSQL seeds its own generator from them once, as the server starts, and `analyze`
 * draws its sample of a table from that generator: past 30,000 rows the sample, the statistics and
 * at times a plan differed from run to run, and with them the report, since some orders follow the
 * plan (docs/performance-journal.md 0.7). The other cause of the quarter's two reports (52,254 and 52,118
 * sends) was when the backend sent its table counts (maintainChangedTables, 0e). The simulation's
 * database only; Node's own random numbers (randomUUID) are not taken from here.
 */
async function seededRandom<T>(start: () => Promise<T>): Promise<T> {
  const node = crypto as unknown as { randomFillSync: typeof crypto.randomFillSync };
  const real = node.randomFillSync;
  const next = rng(0x5eed);
  node.randomFillSync = (<B extends NodeJS.ArrayBufferView>(buf: B): B => {
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
    return buf;
  }) as typeof crypto.randomFillSync;
  try {
    return await start();
  } finally {
    node.randomFillSync = real;
  }
}

function templateFile(): string {
  const hash = createHash("sha256").update("baton-simulation-template-v3");
  for (const f of readMigrations()) hash.update(f.name).update(f.sql);
  return path.join(os.tmpdir(), `baton-simulation-${hash.digest("hex").slice(0, 16)}.tar`);
}

/** The migrations and the sequence's ids; a checkpoint, so a dump of it needs no recovery. */
async function migrateTemplate(pglite: PGlite): Promise<void> {
  const database = await openDatabase({ pglite });
  await migrate(database.db);
  // the simulation's virtual clock: its throw-away database allows it (issue 36 item 1)
  await allowApplicationClock(database.db, "simulation");
  await drawIdsFromSequence(database.db);
  await unlogTables(database.db);
  await database.db.destroy();
  // a dump taken without it starts from an unclean shutdown, and the same seed gave another report
  // on each run (three runs: 2,512, 2,538 and 2,490 touches against 2,499); with it, the same one
  await pglite.exec("checkpoint");
}

/** An in-memory database built from nothing, when no template can be written. */
async function coldStart(): Promise<PGlite> {
  const pglite = await seededRandom(() => PGlite.create({ startParams: SIMULATION_START_PARAMS }));
  try {
    await migrateTemplate(pglite);
    return pglite;
  } catch (e) {
    await pglite.close();
    throw e;
  }
}

/**
 * initdb in a child process (initdb-apart.ts: its 700–870 MB heap goes back to the system when the
 * child exits; this process only opens the directory), then the migrations here, then the dump.
 */
async function buildTemplate(file: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-simulation-template-"));
  try {
    await initDataDirApart(dir, SIMULATION_START_PARAMS);
    const pglite = await seededRandom(() =>
      PGlite.create({ dataDir: dir, startParams: SIMULATION_START_PARAMS }),
    );
    try {
      await migrateTemplate(pglite);
      const dump = await pglite.dumpDataDir("none");
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(tmp, file);
    } finally {
      await pglite.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh PGlite with the simulation's schema, from the template (built on first use). */
export async function simulationPglite(): Promise<PGlite> {
  const file = templateFile();
  if (fs.existsSync(file)) {
    try {
      return await loadTemplate(file);
    } catch {
      // a dump another PGlite version wrote: built again below
      fs.rmSync(file, { force: true });
    }
  }
  try {
    await buildTemplate(file);
  } catch {
    // no writable temporary directory: a cold start, as before the template
    return coldStart();
  }
  return loadTemplate(file);
}

/**
 * The template unpacked into a throw-away data directory under the OS's temporary directory, not
 * into PGlite's in-memory file system: there every table and index of the run stayed in the
 * process (RSS 517 MB on day 1 → 1,114 MB on day 11 of 90 days × 10,000 contacts); on disk they are
 * the OS's page cache and the RSS stayed ~400 MB. Removed when the database closes.
 */
async function loadTemplate(file: string): Promise<PGlite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-simulation-"));
  let pglite: PGlite;
  try {
    pglite = await seededRandom(() =>
      PGlite.create({
        dataDir: dir,
        loadDataDir: new Blob([fs.readFileSync(file)]),
        startParams: SIMULATION_START_PARAMS,
      }),
    );
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  cacheDataFileSizes(pglite);
  await rebuildBrinIndexes(pglite);
  const close = pglite.close.bind(pglite);
  pglite.close = async () => {
    try {
      await close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  return pglite;
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * `baton simulate --server`: a throw-away database on a PostgreSQL server (the role needs CREATEDB),
 * migrated and with its ids drawn from the sequence like the embedded one, dropped when it closes.
 * The engine takes the server's path there (the gate's transaction holds the items' row locks while
 * the channel's ledger writes on a second connection, send-approved.ts), so the pool has four. Its
 * sessions commit without waiting for the WAL's flush: the database is dropped at the end and never
 * recovered. Stopped by SIGINT or SIGTERM, it drops the database before the process exits. Nothing
 * else differs: the same statements through the same code, and for a seed the same report as on the
 * embedded database (test/engine/simulate-server.test.ts).
 */
export async function simulationServerDatabase(
  url: string,
  opts: { cluster?: boolean } = {},
): Promise<Database> {
  const name = `baton_simulation_${crypto.randomBytes(6).toString("hex")}`;
  if (opts.cluster) return simulationClusterDatabase(url, name);
  const admin = new pg.Client({ connectionString: url });
  // idle for the whole run: a connection the server ends meanwhile fails the drop, not the process
  admin.on("error", () => {});
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (e) {
    await admin.end().catch(() => {});
    // the server's own words (no password is in them), and what the role needs
    throw new ConfigError(
      `cannot create a throw-away database on the PostgreSQL server: ${(e as Error).message} (the simulation needs a role with CREATEDB)`,
    );
  }
  let dropped: Promise<void> | undefined;
  const drop = () => {
    dropped ??= (async () => {
      for (const s of SIGNALS) process.off(s, onSignal);
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    })();
    return dropped;
  };
  // a run stopped by Ctrl-C or SIGTERM drops its database too, rather than leave it on the server
  // (`with (force)` ends the simulation's own sessions); at most 10 s, then the process exits anyway
  const onSignal = (signal: NodeJS.Signals) => {
    setTimeout(() => process.exit(1), 10_000).unref();
    void drop()
      .catch(() => {})
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  for (const s of SIGNALS) process.once(s, onSignal);
  let database: Database;
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    const options = target.searchParams.get("options");
    target.searchParams.set("options", `${options ? `${options} ` : ""}-c synchronous_commit=off`);
    database = await openDatabase({ url: target.toString(), poolSize: 4 });
  } catch (e) {
    await drop();
    throw e;
  }
  const close = database.close;
  database.close = async () => {
    try {
      await close();
    } finally {
      await drop();
    }
  };
  try {
    await migrate(database.db);
    await allowApplicationClock(database.db, "simulation");
    await drawIdsFromSequence(database.db);
    await unlogTables(database.db);
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}

/** Shards per table of a simulation's cluster database: one tenant, and each shard is a table on a worker. */
const SIMULATION_SHARDS = 8;

/**
 * `baton simulate --server` on a Citus coordinator (issue 57): the throw-away database built on every
 * node (src/db/cluster-database.ts), migrated, its ids drawn from the sequence, and distributed by
 * tenant as `baton db distribute` does, then dropped on every node when it closes (or on SIGINT or
 * SIGTERM, as simulationServerDatabase's).
 */
async function simulationClusterDatabase(url: string, name: string): Promise<Database> {
  const { createClusterDatabase, dropClusterDatabase } = await import("../db/cluster-database.ts");
  const { distribute } = await import("../db/distribute.ts");
  let dropped: Promise<void> | undefined;
  const drop = () => {
    dropped ??= (async () => {
      for (const s of SIGNALS) process.off(s, onSignal);
      await dropClusterDatabase(url, name);
    })();
    return dropped;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    setTimeout(() => process.exit(1), 10_000).unref();
    void drop()
      .catch(() => {})
      .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  for (const s of SIGNALS) process.once(s, onSignal);
  let database: Database;
  try {
    const target = new URL(await createClusterDatabase(url, name));
    const options = target.searchParams.get("options");
    target.searchParams.set("options", `${options ? `${options} ` : ""}-c synchronous_commit=off`);
    database = await openDatabase({ url: target.toString(), poolSize: 4 });
  } catch (e) {
    await drop().catch(() => {});
    // the servers' own words (no password is in them), and what the role needs
    throw new ConfigError(
      `cannot build a throw-away database on the Citus cluster: ${(e as Error).message} (the simulation needs a role with CREATEDB on every node)`,
    );
  }
  const close = database.close;
  database.close = async () => {
    try {
      await close();
    } finally {
      await drop();
    }
  };
  try {
    await migrate(database.db);
    // both before the tables are distributed: Citus carries a table's defaults and rows to its
    // shards, and refuses the allowance's upsert (now() in DO UPDATE) on a reference table
    await allowApplicationClock(database.db, "simulation");
    await drawIdsFromSequence(database.db);
    await distribute(database.db, { shardCount: SIMULATION_SHARDS });
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}
