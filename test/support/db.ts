import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import { forgetReplyModels } from "../../src/campaigns/index.ts";
import { type Database, openDatabase, PGLITE_START_PARAMS } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { type Baseline, readBaseline, resetToBaseline } from "./reused-database.ts";
import { ensureTemplate, ownServerDatabase, serverTestUrl } from "./template.ts";

/**
 * A dump file as PGlite loads it. Not `new Blob([bytes])`: Node 20's Blob.arrayBuffer() reads 45 MB
 * back in 64 kB chunks and joins them, 250-500 ms a database. PGlite's untar only reads the bytes
 * (each file is copied into the new file system), so one blob serves any number of databases.
 */
function dumpBlob(file: string): Blob {
  const b = fs.readFileSync(file);
  // a large file's Buffer is its own ArrayBuffer; a small, pooled one is copied out
  const own = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;
  return new BytesBlob(
    (own ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)) as ArrayBuffer,
  );
}

class BytesBlob extends Blob {
  readonly #bytes: ArrayBuffer;
  constructor(bytes: ArrayBuffer) {
    super([], { type: "application/x-tar" });
    this.#bytes = bytes;
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#bytes;
  }
}

/**
 * The embedded start parameters (connect.ts), and new WAL segments not zero-filled: a test database
 * lives in PGlite's in-memory file system, where PostgreSQL's 16 MB of zeros, written 8 kB at a
 * time, regrew the segment's array about 25 times (by 1/8 each). The template's log is 86% into
 * its first segment, so every database created its second as it started: 55 ms of copying, and an
 * eighth of a start's CPU with the collections it caused (CPU profiles of 24 starts each way). Without the
 * zeros PostgreSQL writes the segment's last byte only, one allocation. What a query returns does
 * not change; the simulation's databases run so too (SIMULATION_START_PARAMS). Not for a data
 * directory on disk (templateDataDir), which the server opens as it opens its own.
 */
const MEMORY_START_PARAMS = [...PGLITE_START_PARAMS, "-c", "wal_init_zero=off"];

/** The migrated template's blob, read once per worker process. */
async function templateBlob(): Promise<Blob> {
  const file = await ensureTemplate();
  if (template?.file !== file) template = { file, blob: dumpBlob(file) };
  return template.blob;
}
let template: { file: string; blob: Blob } | undefined;

/**
 * A migrated PGlite database of this test file's own, as the template left it: the one an earlier
 * file of this worker closed, put back and proven the template's again (reused-database.ts: a few
 * tens of milliseconds), or else a new one started as the server starts one (PGLITE_START_PARAMS:
 * with PGlite's default 128 MB of shared buffers a start took 500 ms more), its new WAL segments
 * not zero-filled (MEMORY_START_PARAMS): about 0.6 s, was 1.3-2.1 s.
 */
export async function testDatabase(): Promise<Database> {
  // the process's caches of tenants' reply models hold another database's versions (the demo tenant
  // is in many): a file's database starts without them (rehearsal 36, journal 1f.6)
  forgetReplyModels();
  const blob = await templateBlob();
  if (!REUSE) return openDatabase({ pglite: await startFromTemplate(blob), ownPglite: true });
  const file = template?.file as string;
  let pglite = idle?.file === file && !idle.pglite.closed ? idle.pglite : undefined;
  idle = undefined;
  if (!pglite) {
    pglite = await startFromTemplate(blob);
    if (baseline?.file !== file) baseline = { file, of: await readBaseline(pglite) };
  }
  const database = await openDatabase({ pglite, ownPglite: false });
  const started = pglite;
  let closed = false;
  return {
    ...database,
    async close() {
      // a second close must not close the database the first one kept for the next file
      if (closed) return;
      closed = true;
      await database.close();
      // kept for the next file if it is the template's again (reused-database.ts) and no other is kept
      if (!idle && baseline?.file === file && (await resetToBaseline(started, baseline.of)))
        idle = { file, pglite: started };
      else if (!started.closed) await started.close();
    },
  };
}

function startFromTemplate(blob: Blob): Promise<PGlite> {
  return PGlite.create({ loadDataDir: blob, startParams: MEMORY_START_PARAMS });
}

/** BATON_TEST_DB_REUSE=0: every test database started from the template (reused-database.ts) */
const REUSE = process.env.BATON_TEST_DB_REUSE !== "0";
/** the worker's one idle database, closed by its last file and put back as the template left it */
let idle: { file: string; pglite: PGlite } | undefined;
let baseline: { file: string; of: Baseline } | undefined;

/**
 * Every table's statistics cleared, as though newly created (PostgreSQL 18's pg_clear_relation_stats:
 * the embedded database only): the planner's guess of ten pages for a table never analyzed. The test
 * template is analyzed empty (template.ts); the files that pin a plan shape ask which index serves a
 * statement on a table of unknown size, not the plan of a table known to be empty. `tables`: only these.
 */
export async function clearStatistics(db: Kysely<DB>, tables?: string[]): Promise<void> {
  await sql`select pg_clear_relation_stats(schemaname, relname) from pg_stat_user_tables
             where ${tables ?? null}::text[] is null or relname = any(${tables ?? null}::text[])`.execute(db);
}

/** A PGlite instance over a copy of the living demo's (or any) dump, started as testDatabase's. */
export async function loadDump(file: string): Promise<PGlite> {
  forgetReplyModels();
  return PGlite.create({ loadDataDir: dumpBlob(file), startParams: MEMORY_START_PARAMS });
}

/**
 * A migrated embedded data directory at `dataDir` (absent or empty), from the test template: for
 * files whose subject is not the first start (a fresh directory's initdb and every migration take
 * 10-14 s; migrate.test.ts and the production install test keep that path).
 */
export async function templateDataDir(dataDir: string): Promise<void> {
  const pglite = await PGlite.create({
    dataDir,
    loadDataDir: await templateBlob(),
    startParams: PGLITE_START_PARAMS,
  });
  await pglite.close();
}

/** The PostgreSQL server of TEST_DATABASE_URL (this run's own database, copied by the global setup from an empty migrated one). Only inside describeMultiConnection. */
export async function serverDatabase(poolSize = 20): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error("serverDatabase() needs TEST_DATABASE_URL; use it inside describeMultiConnection");
  return openDatabase({ url: serverTestUrl(url), poolSize });
}

/**
 * A PostgreSQL database of this test file's own (a copy of the empty migrated template), dropped by
 * close(). For tests that run engine passes: a pass claims due work across every tenant of its
 * database, so on the run's shared database it would execute other files' steps (the erasure test's
 * event count moved by two when one did). `url` is for processes the test starts. Only inside
 * describeMultiConnection.
 */
export async function ownServerTestDatabase(
  label: string,
  poolSize = 20,
): Promise<Database & { url: string }> {
  const own = await ownServerDatabase(label);
  const database = await openDatabase({ url: own.url, poolSize });
  return {
    ...database,
    url: own.url,
    close: async () => {
      await database.close();
      await own.drop();
    },
  };
}
