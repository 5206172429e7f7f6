// The embedded database's data files keep their sizes in memory (src/db/nodefs-size-cache.ts). What
// PostgreSQL believes a file's size to be must be the file's size on disk after every way it grows
// and shrinks: extension by inserts, vacuum's truncation of empty tail pages, a rewrite, a drop, a
// restart. And the lseeks that asked the system for each one no longer do.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { cacheDataFileSizes } from "../../src/db/nodefs-size-cache.ts";
import { templateDataDir } from "../support/db.ts";

const FORKS = ["main", "fsm", "vm"] as const;

/** Every data file of `table` (its heap, indexes and toast, each fork), PostgreSQL's size and the disk's. */
async function sizes(db: Database["db"], dataDir: string, table: string) {
  const r = await sql<{ rel: string; fork: string; pg_size: number; file: string | null }>`
    select c.relname as rel, f.fork, pg_relation_size(c.oid, f.fork) as pg_size,
           pg_relation_filepath(c.oid) as file
      from pg_class c
      cross join unnest(${sql.val([...FORKS])}::text[]) f(fork)
     where c.oid = ${table}::regclass
        or c.oid in (select indexrelid from pg_index where indrelid = ${table}::regclass)
        or c.oid = (select reltoastrelid from pg_class where oid = ${table}::regclass)`.execute(db);
  return r.rows.map((x) => {
    const file = path.join(dataDir, `${x.file}${x.fork === "main" ? "" : `_${x.fork}`}`);
    return {
      rel: x.rel,
      fork: x.fork,
      pg: Number(x.pg_size),
      disk: fs.existsSync(file) ? fs.statSync(file).size : 0,
    };
  });
}

function expectSame(rows: { rel: string; fork: string; pg: number; disk: number }[]) {
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.pg, `${r.rel} (${r.fork})`).toBe(r.disk);
}

/**
 * fs.fstatSync's calls while `work` runs. NODEFS calls it on the module object `require("fs")` gives
 * (vitest hands an ES import a copy of its own), so that object's property is wrapped.
 */
async function fstatCalls(work: () => Promise<void>): Promise<number> {
  const nodeFs = createRequire(import.meta.url)("fs") as typeof fs;
  const real = nodeFs.fstatSync;
  let n = 0;
  (nodeFs as { fstatSync: unknown }).fstatSync = (...args: Parameters<typeof fs.fstatSync>) => {
    n++;
    return real(...args);
  };
  try {
    await work();
  } finally {
    nodeFs.fstatSync = real;
  }
  return n;
}

describe("an embedded data directory's file sizes, kept in memory", () => {
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-size-cache-"));
    await templateDataDir(dir);
    database = await openDatabase({ dataDir: dir });
    await sql`create table size_probe (id int primary key, body text, pad text)`.execute(database.db);
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers PostgreSQL's size asks without the system", async () => {
    const db = database.db;
    await sql`insert into size_probe select g, 'row ' || g, repeat('x', 500) from generate_series(1, 200) g`.execute(
      db,
    );
    // each statement's plan asks the size of the table and of each index it may use (a text of its
    // own each time: the driver names a repeated text and PostgreSQL keeps its plan)
    const readAndWrite = async () => {
      for (let i = 1; i <= 100; i++) {
        await sql`select body from size_probe where id = ${sql.lit(i)}`.execute(db);
        await sql`update size_probe set body = ${`row ${i} again`} where id = ${sql.lit(i)}`.execute(db);
      }
    };
    await readAndWrite();
    const n = await fstatCalls(readAndWrite);
    // without the cache: 400 (the heap and its key at each plan)
    expect(n).toBeLessThan(20);
    expectSame(await sizes(db, dir, "size_probe"));
  });

  it("matches the disk through growth, vacuum's truncation, a rewrite, toast and a restart", async () => {
    const db = database.db;
    // grows: heap, primary key, toast (values past 2 kB are stored out of line)
    await sql`insert into size_probe select g, repeat(md5(g::text), 200), repeat('y', 300)
                from generate_series(1000, 6000) g`.execute(db);
    expectSame(await sizes(db, dir, "size_probe"));
    // vacuum truncates the heap's empty tail pages in place (ftruncate on the same file)
    await sql`delete from size_probe where id >= 3000`.execute(db);
    await sql`vacuum size_probe`.execute(db);
    const after = await sizes(db, dir, "size_probe");
    expectSame(after);
    // and it grows again from the truncated end: the rows land where PostgreSQL believes the end is
    await sql`insert into size_probe select g, 'again', repeat('z', 700) from generate_series(10000, 14000) g`.execute(
      db,
    );
    expectSame(await sizes(db, dir, "size_probe"));
    // a rewrite: new files, the old ones removed
    await sql`vacuum full size_probe`.execute(db);
    expectSame(await sizes(db, dir, "size_probe"));
    await sql`truncate size_probe`.execute(db);
    await sql`insert into size_probe select g, 'after truncate', null from generate_series(1, 3000) g`.execute(
      db,
    );
    expectSame(await sizes(db, dir, "size_probe"));
    const before = await sql<{
      n: number;
      s: number;
    }>`select count(*) as n, sum(id) as s from size_probe`.execute(db);
    // a restart reads the same rows from the same files
    await database.close();
    database = await openDatabase({ dataDir: dir });
    const again = await sql<{
      n: number;
      s: number;
    }>`select count(*) as n, sum(id) as s from size_probe`.execute(database.db);
    expect(again.rows).toEqual(before.rows);
    expect(before.rows[0]).toEqual({ n: 3000, s: (3000 * 3001) / 2 });
    expectSame(await sizes(database.db, dir, "size_probe"));
    await sql`select bt_index_check('size_probe_pkey'::regclass, true)`.execute(database.db).catch(() => {
      /* amcheck is not in every PGlite build: the counts above stand */
    });
  });
});

describe("the size cache's bookkeeping (a stand-in NODEFS that refuses what the real one refuses)", () => {
  function fakeModule() {
    const disk = new Map<object, number>();
    const calls = { fstat: 0 };
    const NODEFS = {
      stream_ops: {
        llseek(stream: { node: object; position: number }, offset: number, whence: number) {
          let at = offset;
          if (whence === 1) at += stream.position;
          else if (whence === 2) {
            calls.fstat++;
            at += disk.get(stream.node) ?? 0;
          }
          if (at < 0) throw new Error("EINVAL");
          return at;
        },
        write(stream: { node: object }, _b: unknown, _o: number, length: number, position: number) {
          if (length < 0) throw new Error("EIO");
          disk.set(stream.node, Math.max(disk.get(stream.node) ?? 0, position + length));
          return length;
        },
        open(stream: { node: object; position: number; flags: number }) {
          if (stream.flags & 512) disk.set(stream.node, 0);
        },
        setattr(stream: { node: object }, attr: { size?: number }) {
          if (attr.size !== undefined) disk.set(stream.node, attr.size);
        },
      },
      node_ops: {
        setattr(node: object, attr: { size?: number }) {
          if (attr.size !== undefined) disk.set(node, attr.size);
        },
      },
    };
    const mod = { NODEFS, FS: { isFile: () => true } };
    cacheDataFileSizes({ Module: mod } as never);
    return { ops: NODEFS.stream_ops, nodeOps: NODEFS.node_ops, disk, calls };
  }

  it("asks once, then follows writes, truncations, O_TRUNC and failed writes", () => {
    const { ops, nodeOps, disk, calls } = fakeModule();
    const node = {};
    const s = { node, position: 0, flags: 0 };
    disk.set(node, 8192);
    const end = () => ops.llseek(s, 0, 2);
    expect(end()).toBe(8192);
    expect(end()).toBe(8192);
    expect(calls.fstat).toBe(1);
    ops.write(s, null, 0, 8192, 8192); // extends
    expect(end()).toBe(16384);
    ops.write(s, null, 0, 100, 0); // inside: no change
    expect(end()).toBe(16384);
    expect(calls.fstat).toBe(1);
    ops.setattr(s, { size: 4096 }); // ftruncate
    expect(end()).toBe(4096);
    nodeOps.setattr(node, { size: 0 }); // truncate by path
    expect(end()).toBe(0);
    ops.open({ node, position: 0, flags: 512 }); // O_TRUNC
    expect(end()).toBe(0);
    expect(() => ops.write(s, null, 0, -1, 0)).toThrow("EIO");
    const asked = calls.fstat;
    expect(end()).toBe(0);
    expect(calls.fstat).toBe(asked + 1); // forgotten after the failure, asked again
    expect(() => ops.llseek(s, -10, 2)).toThrow("EINVAL");
    // another file is its own
    const other = { node: {}, position: 0, flags: 0 };
    disk.set(other.node, 123);
    expect(ops.llseek(other, 0, 2)).toBe(123);
    expect(ops.llseek(other, 5, 2)).toBe(128);
  });
});
