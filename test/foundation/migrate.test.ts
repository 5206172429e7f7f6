import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { initDataDirApart } from "../../src/db/initdb-apart.ts";
import { acquireDataDirLock } from "../../src/db/lock-file.ts";
import { migrate, readMigrations } from "../../src/db/migrate.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { ownTempDir } from "../support/temp-dir.ts";

describe("migrations", () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(() => database.close());

  it("are numbered plain SQL, applied once", async () => {
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);
    const { applied } = await migrate(database.db);
    expect(applied).toEqual([]);
    const rows = await sql<{ name: string }>`select name from baton_migrations order by name`.execute(
      database.db,
    );
    expect(rows.rows.map((r) => r.name)).toEqual(files.map((f) => f.name));
  });

  it("refuses a database that is newer than the code", async () => {
    await sql`insert into baton_migrations (name) values ('9999_from_the_future.sql')`.execute(database.db);
    const err = await migrate(database.db).catch((e) => e);
    expect(isBatonError(err) && err.code).toBe("SCHEMA_NEWER_THAN_CODE");
    await sql`delete from baton_migrations where name = '9999_from_the_future.sql'`.execute(database.db);
  });

  it("rolls back a failing file whole", async () => {
    const files = [
      ...readMigrations(),
      { name: "9998_broken.sql", sql: "create table half_done (id int); select 1/0;" },
    ];
    await expect(migrate(database.db, files)).rejects.toThrow();
    const t = await sql`select to_regclass('half_done') as t`.execute(database.db);
    expect((t.rows[0] as any).t).toBeNull();
  });
});

describe("the embedded data directory", () => {
  it("is locked: a second process (or open) fails with a clear message", async () => {
    const dir = path.join(ownTempDir("baton-lock-"), "nested", "data");
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(`${dir}.lock`, String(process.ppid)); // a live process that is not us
    const err = await openDatabase({ dataDir: dir }).catch((e) => e);
    expect(isBatonError(err) && err.code).toBe("DATA_DIR_LOCKED");
    expect(err.nextAction).toMatch(/BATON_DATA_DIR|DATABASE_URL/);
  });

  it("leaves no exit listener behind once its lock is released", () => {
    const dir = path.join(ownTempDir("baton-lock-"), "data");
    const before = process.listenerCount("exit");
    for (let i = 0; i < 20; i++) {
      const release = acquireDataDirLock(dir);
      expect(process.listenerCount("exit")).toBe(before + 1);
      release();
      expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    }
    expect(process.listenerCount("exit")).toBe(before);
  });

  it("is made by initdb in a child process: the process that opens it never holds initdb's heap", async () => {
    const dir = path.join(ownTempDir("baton-initdb-"), "nested", "data");
    // a process of its own, so that its peak RSS is the opening's alone (initdb in it: 700–870 MB).
    // On Linux the peak of its own address space (VmHWM): getrusage's maxRSS survives exec, so it
    // also counted this test worker's RSS at the fork (589 MB once in a full run; the opening's 240)
    const code = `import fs from "node:fs";
      import { openDatabase } from "./src/db/connect.ts";
      const d = await openDatabase({ dataDir: process.argv[1] });
      const { rows } = await d.pool.query("select current_setting('server_version_num')::int as v");
      await d.close();
      const hwm = fs.existsSync("/proc/self/status")
        ? /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"))
        : null;
      const maxRssMb = hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
      console.log(JSON.stringify({ version: rows[0].v, maxRssMb }));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", code, dir],
      { cwd: path.resolve(import.meta.dirname, "../..") },
    );
    const r = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(r.version).toBeGreaterThanOrEqual(150000);
    expect(r.maxRssMb).toBeLessThan(500);
    expect(fs.existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    // nothing beside it: no initdb leftovers, and the lock is gone once it closed
    expect(fs.readdirSync(path.dirname(dir))).toEqual(["data"]);
  });

  it("is left absent when initdb fails, with initdb's own error", async () => {
    const parent = ownTempDir("baton-initdb-");
    const dir = path.join(parent, "data");
    const err = await initDataDirApart(dir, ["-c", "no_such_setting=1"]).catch((e) => e);
    expect(String(err)).toMatch(/initdb of .*data failed: .*PGlite failed to initialize/);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});

describeMultiConnection("migrations from several processes at once", () => {
  it("apply every file exactly once", async () => {
    const dbs = await Promise.all([1, 2, 3, 4].map(() => serverDatabase(2)));
    try {
      const results = await Promise.all(dbs.map((d) => migrate(d.db)));
      // the global setup migrated already; none applies anything twice
      expect(results.flatMap((r) => r.applied)).toEqual([]);
      const rows = await sql<{ n: number }>`select count(*)::int as n from baton_migrations`.execute(
        dbs[0].db,
      );
      expect(rows.rows[0].n).toBe(readMigrations().length);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });
});
