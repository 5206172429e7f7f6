// The simulation's in-memory database, loaded from a migrated template (issue 14 item 7). A cold
// initdb took seconds and most of the run's peak memory (PGlite keeps the wasm heap initdb grew to);
// the schema after `migrate` and `drawIdsFromSequence` is the same on every run of a checkout, so it
// is dumped once into the OS's temporary directory, named after the migrations' hash, and loaded by
// every later run. The loaded database is the same one a cold start builds: same schema, same
// (empty) tables, the id sequence not yet drawn from.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase, PGLITE_START_PARAMS } from "../db/connect.ts";
import { migrate, readMigrations } from "../db/migrate.ts";
import { drawIdsFromSequence } from "./simulation-ids.ts";

/**
 * The server's start parameters for a simulation: the embedded defaults (connect.ts), and a
 * write-ahead log sized for a throw-away in-memory database. Nothing here changes what a query
 * returns: the database is never recovered from its WAL, so full-page images, zero-filled segments
 * and waiting for the WAL's flush at commit are work and memory for nothing (PGlite runs no
 * checkpointer; WAL segments up to max_wal_size stay in its in-memory file system).
 */
export const SIMULATION_START_PARAMS = [
  ...PGLITE_START_PARAMS,
  ...["-c", "full_page_writes=off", "-c", "synchronous_commit=off", "-c", "wal_init_zero=off"],
  ...["-c", "max_wal_size=64MB", "-c", "min_wal_size=32MB"],
];

function templateFile(): string {
  const hash = createHash("sha256").update("baton-simulation-template-v2");
  for (const f of readMigrations()) hash.update(f.name).update(f.sql);
  return path.join(os.tmpdir(), `baton-simulation-${hash.digest("hex").slice(0, 16)}.tar`);
}

/** initdb, the migrations and the sequence's ids; a checkpoint, so a dump of it needs no recovery. */
async function coldStart(): Promise<PGlite> {
  const pglite = await PGlite.create({ startParams: SIMULATION_START_PARAMS });
  try {
    const database = await openDatabase({ pglite });
    await migrate(database.db);
    await drawIdsFromSequence(database.db);
    await database.db.destroy();
    // a dump taken without it starts from an unclean shutdown, and the same seed gave another report
    // on each run (three runs: 2,512, 2,538 and 2,490 touches against 2,499); with it, the same one
    await pglite.exec("checkpoint");
    return pglite;
  } catch (e) {
    await pglite.close();
    throw e;
  }
}

async function buildTemplate(file: string): Promise<void> {
  const pglite = await coldStart();
  try {
    const dump = await pglite.dumpDataDir("none");
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
  } finally {
    await pglite.close();
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
    pglite = await PGlite.create({
      dataDir: dir,
      loadDataDir: new Blob([fs.readFileSync(file)]),
      startParams: SIMULATION_START_PARAMS,
    });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
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
