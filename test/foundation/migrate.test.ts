import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { acquireDataDirLock } from "../../src/db/lock-file.ts";
import { migrate, readMigrations } from "../../src/db/migrate.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";

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
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "baton-lock-")), "nested", "data");
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(`${dir}.lock`, String(process.ppid)); // a live process that is not us
    const err = await openDatabase({ dataDir: dir }).catch((e) => e);
    expect(isBatonError(err) && err.code).toBe("DATA_DIR_LOCKED");
    expect(err.nextAction).toMatch(/BATON_DATA_DIR|DATABASE_URL/);
  });

  it("leaves no exit listener behind once its lock is released", () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "baton-lock-")), "data");
    const before = process.listenerCount("exit");
    for (let i = 0; i < 20; i++) {
      const release = acquireDataDirLock(dir);
      expect(process.listenerCount("exit")).toBe(before + 1);
      release();
      expect(fs.existsSync(`${dir}.lock`)).toBe(false);
    }
    expect(process.listenerCount("exit")).toBe(before);
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
