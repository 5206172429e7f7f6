// A migrated PGlite data directory, dumped once per migration set and loaded by every test file
// (a cold initdb takes seconds; loading the dump takes about one). On a PostgreSQL server, each run
// gets a database of its own, copied from an empty one migrated with the same migration set.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import { openDatabase } from "../../src/db/connect.ts";
import { migrate, readMigrations } from "../../src/db/migrate.ts";
import { allowApplicationClock } from "../../src/db/owner-settings.ts";
import { citusUrl, createCitusDatabase, distributeForTests, dropCitusDatabase } from "./citus.ts";
import { cleanDump } from "./clean-tar.ts";

export function migrationsHash(): string {
  const hash = createHash("sha256");
  for (const f of readMigrations()) hash.update(f.name).update(f.sql);
  return hash.digest("hex").slice(0, 16);
}

/**
 * `v4`: a cleanly shut-down directory's tar (clean-tar.ts); `v3` was the first analyzed; `v2` the first
 * without template0 and template1. An older file is not read.
 */
export function templatePath(): string {
  return path.join(os.tmpdir(), `baton-pglite-template-v4-${migrationsHash()}.tar`);
}

export async function ensureTemplate(): Promise<string> {
  const file = templatePath();
  if (fs.existsSync(file)) return file;
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  await migrate(database.db);
  // the tests move the rules' clock (baton.now): their throw-away databases allow it
  await allowApplicationClock(database.db, "test database");
  // PGlite runs no autovacuum: a table never analyzed keeps the planner's guess of ten pages whatever
  // it holds, and a test that fills one (a replay of 201 replies) read it by nested loops over whole
  // tables (a triage decision 129 ms, 16.3 ms analyzed). Analyzed empty, a table's pages are counted
  // as they grow, as the server's `analyze` job (src/db/analyze-owned.ts) keeps the demo's.
  await sql`analyze`.execute(database.db);
  // PGlite serves the one database it started in, `postgres`; template0 and template1 are 602 of the
  // dump's 1,658 files and 15 MB that every test database copied into its file system and never
  // read (a database is never created inside PGlite here). Without them a start took 460 ms of CPU,
  // not 595 (24 starts, three runs each way).
  for (const t of ["template0", "template1"]) {
    await sql.raw(`alter database ${t} is_template false`).execute(database.db);
    await sql.raw(`drop database ${t}`).execute(database.db);
  }
  await database.db.destroy();
  // a clean shutdown's tar (clean-tar.ts): a test database started from it runs no crash recovery
  // and copies one WAL segment, not two
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, await cleanDump(pglite));
  fs.renameSync(tmp, file);
  return file;
}

const RUN_URL = "BATON_TEST_RUN_DATABASE_URL";
const RUN_PREFIX = "baton_run_";
/** a run's database older than this is a crashed run's leftover, dropped by the next run's setup */
const STALE_MS = 6 * 3600_000;

function withDatabase(baseUrl: string, name: string): string {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * The URL of this run's server-side test database: a copy, made by the global setup, of an empty
 * migrated database of this migration set. Every run starts from empty tables, so a suite's time
 * does not grow with the rows earlier runs left behind (a shared database reached hundreds of
 * megabytes over a day's runs, and scans in the races and erasure tests slowed tenfold).
 */
export function serverTestUrl(_baseUrl: string): string {
  const url = process.env[RUN_URL];
  if (!url)
    throw new Error(`${RUN_URL} is unset: vitest's global setup (test/support/global-setup.ts) creates it`);
  return url;
}

/**
 * The global setup's part: migrates the template database of this migration set (created empty),
 * copies it into a database of this run's own, and names it in the environment the test workers
 * inherit. Returns a teardown that drops it. Leftovers of crashed runs and of the older one
 * shared database per migration set are dropped here.
 */
export async function ensureServerDatabase(baseUrl: string): Promise<() => Promise<void>> {
  const template = `baton_tmpl_${migrationsHash()}`;
  const run = `${RUN_PREFIX}${migrationsHash()}_${Date.now()}_${process.pid}`;
  if (citusUrl()) return ensureCitusRunDatabase(baseUrl, run);
  const admin = await openDatabase({ url: baseUrl, poolSize: 1 });
  try {
    const names = (
      await sql<{ datname: string }>`select datname from pg_database`.execute(admin.db)
    ).rows.map((r) => r.datname);
    for (const name of names) {
      const stamp = name.startsWith(RUN_PREFIX) ? Number(name.split("_")[3]) : Number.NaN;
      // older layouts: one shared database per migration set, and the kill tests' fixed databases
      const legacy =
        name.startsWith("baton_test_") || name === "baton_kill_test" || name === "baton_sigterm_test";
      if (legacy || (stamp > 0 && Date.now() - stamp > STALE_MS))
        await sql.raw(`drop database if exists "${name}" with (force)`).execute(admin.db);
    }
    if (!names.includes(template)) {
      try {
        await sql.raw(`create database "${template}"`).execute(admin.db);
      } catch (e: any) {
        if (e.code !== "42P04" && e.code !== "23505") throw e; // created concurrently
      }
    }
    const database = await openDatabase({ url: withDatabase(baseUrl, template), poolSize: 2 });
    try {
      await migrate(database.db);
      await allowApplicationClock(database.db, "test database");
    } finally {
      await database.close();
    }
    await copyTemplate(admin.db, run);
  } finally {
    await admin.close();
  }
  process.env[RUN_URL] = withDatabase(baseUrl, run);
  return () => dropDatabase(baseUrl, run);
}

/** A migrated database, distributed by tenant, on every node of the Citus cluster (test/support/citus.ts). */
async function migratedCitusDatabase(baseUrl: string, name: string): Promise<string> {
  const url = await createCitusDatabase(baseUrl, name);
  const database = await openDatabase({ url, poolSize: 2 });
  try {
    await migrate(database.db);
    await allowApplicationClock(database.db, "test database");
    await distributeForTests(database.db);
  } finally {
    await database.close();
  }
  return url;
}

async function ensureCitusRunDatabase(baseUrl: string, run: string): Promise<() => Promise<void>> {
  const admin = await openDatabase({ url: baseUrl, poolSize: 1 });
  let names: string[];
  try {
    names = (await sql<{ datname: string }>`select datname from pg_database`.execute(admin.db)).rows.map(
      (r) => r.datname,
    );
  } finally {
    await admin.close();
  }
  for (const name of names) {
    const stamp = name.startsWith(RUN_PREFIX) ? Number(name.split("_")[3]) : Number.NaN;
    if (stamp > 0 && Date.now() - stamp > STALE_MS) await dropCitusDatabase(baseUrl, name);
  }
  process.env[RUN_URL] = await migratedCitusDatabase(baseUrl, run);
  return () => dropCitusDatabase(baseUrl, run);
}

async function copyTemplate(admin: Kysely<any>, name: string): Promise<void> {
  // a copy needs the template to have no other session: another run's setup may be migrating it
  for (let attempt = 1; ; attempt++) {
    try {
      await sql.raw(`create database "${name}" template "baton_tmpl_${migrationsHash()}"`).execute(admin);
      return;
    } catch (e: any) {
      if (e.code !== "55006" || attempt === 20) throw e;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = await openDatabase({ url: baseUrl, poolSize: 1 });
  try {
    await sql.raw(`drop database if exists "${name}" with (force)`).execute(admin.db);
  } finally {
    await admin.close();
  }
}

/**
 * A database of one test file's own, copied from the empty migrated template (for suites whose
 * workers claim due work across every tenant, as the kill tests do). Named like the run's, so a
 * crashed run's copy is dropped by a later setup; `drop` drops it at the end of the file.
 */
export async function ownServerDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("ownServerDatabase() needs TEST_DATABASE_URL");
  const name = `${RUN_PREFIX}${migrationsHash()}_${Date.now()}_${process.pid}_${label}`;
  if (citusUrl())
    return { url: await migratedCitusDatabase(base, name), drop: () => dropCitusDatabase(base, name) };
  const admin = await openDatabase({ url: base, poolSize: 1 });
  try {
    await copyTemplate(admin.db, name);
  } finally {
    await admin.close();
  }
  return { url: withDatabase(base, name), drop: () => dropDatabase(base, name) };
}
