// Baton's driver (src/db/pipelined-driver.ts): BEGIN goes with a transaction's first statement, and
// executeBatch sends several statements in one round trip. Neither may change what a transaction
// sees or does: a statement batched behind a lock sees what the lock's holder committed, a failure
// rolls the whole transaction back, and a transaction with no statement leaves nothing open.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { executeBatch } from "../../src/db/pipelined-driver.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";

const q = <R>(db: Kysely<DB>, text: string, ...values: unknown[]) => {
  const parts = text.split("?");
  return sql<R>(Object.assign(parts, { raw: parts }) as unknown as TemplateStringsArray, ...values).compile(
    db,
  );
};

function semantics(open: () => Promise<Database>, table: string) {
  let d: Database;
  beforeAll(async () => {
    d = await open();
    await sql.raw(`create table ${table} (id int primary key, n int not null)`).execute(d.db);
  });
  afterAll(async () => {
    await sql.raw(`drop table if exists ${table}`).execute(d.db);
    await d?.close();
  });

  it("runs a batch's statements in order and returns each one's rows", async () => {
    const [a, b, c] = await d.db
      .transaction()
      .execute((tx) =>
        executeBatch(tx, [
          q<{ id: number }>(tx, `insert into ${table} (id, n) values (?, ?) returning id`, 1, 10),
          q<{ n: number }>(tx, `update ${table} set n = n + ? where id = ? returning n`, 5, 1),
          q<{ s: number }>(tx, `select sum(n)::int as s from ${table}`),
        ]),
      );
    expect(a).toEqual([{ id: 1 }]);
    expect(b).toEqual([{ n: 15 }]);
    expect(c).toEqual([{ s: 15 }]);
  });

  it("rolls the whole transaction back when a batched statement fails, and reports that statement's error", async () => {
    const err = await d.db
      .transaction()
      .execute((tx) =>
        executeBatch(tx, [
          q(tx, `insert into ${table} (id, n) values (?, ?)`, 2, 1),
          q(tx, `insert into ${table} (id, n) values (?, ?)`, 1, 1), // duplicate key
          q(tx, `insert into ${table} (id, n) values (?, ?)`, 3, 1),
        ]),
      )
      .catch((e: { code?: string }) => e);
    expect((err as { code?: string }).code).toBe("23505");
    const rows = await sql<{ id: number }>`select id from ${sql.table(table)} order by id`.execute(d.db);
    expect(rows.rows.map((r) => r.id)).toEqual([1]);
  });

  it("a batch that commits ends the transaction in its round trip; nothing runs in it afterwards", async () => {
    const after = await d.db.transaction().execute(async (tx) => {
      const [[r]] = await executeBatch(
        tx,
        [q<{ id: number }>(tx, `insert into ${table} (id, n) values (?, ?) returning id`, 20, 1)],
        { commit: true },
      );
      expect(r.id).toBe(20);
      return sql`insert into ${sql.table(table)} (id, n) values (21, 1)`.execute(tx).catch((e: Error) => e);
    });
    expect(String(after)).toMatch(/after its transaction committed/);
    const rows = await sql<{
      id: number;
    }>`select id from ${sql.table(table)} where id >= 20 order by id`.execute(d.db);
    expect(rows.rows.map((x) => x.id)).toEqual([20]);
    // the connection went back to the pool clean: the next transaction works as before
    await d.db.transaction().execute((tx) => sql`delete from ${sql.table(table)} where id = 20`.execute(tx));
  });

  it("a batch that commits, with a failing statement, rolls back and reports the statement's error", async () => {
    const err = await d.db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into ${sql.table(table)} (id, n) values (30, 1)`.execute(tx);
        return executeBatch(tx, [q(tx, `insert into ${table} (id, n) values (?, ?)`, 1, 1)], {
          commit: true,
        });
      })
      .catch((e: { code?: string }) => e);
    expect((err as { code?: string }).code).toBe("23505");
    const rows = await sql<{
      c: number;
    }>`select count(*)::int as c from ${sql.table(table)} where id = 30`.execute(d.db);
    expect(rows.rows[0].c).toBe(0);
    // and outside a transaction a committing batch is refused
    await expect(executeBatch(d.db, [q(d.db, "select 1")], { commit: true })).rejects.toThrow(
      /outside a transaction/,
    );
  });

  it("the first statement runs inside the transaction (BEGIN went with it) and a rollback undoes it", async () => {
    await d.db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into ${sql.table(table)} (id, n) values (7, 7)`.execute(tx);
        throw new Error("undo");
      })
      .catch(() => undefined);
    const rows = await sql<{
      c: number;
    }>`select count(*)::int as c from ${sql.table(table)} where id = 7`.execute(d.db);
    expect(rows.rows[0].c).toBe(0);
  });

  it("a transaction that runs no statement leaves the connection clean", async () => {
    await d.db.transaction().execute(async () => undefined);
    await d.db
      .transaction()
      .execute(async () => {
        throw new Error("before any statement");
      })
      .catch(() => undefined);
    // not inside a transaction: the setting does not survive the statement's own transaction
    const r = await d.db.transaction().execute(async (tx) => {
      const [[x]] = await executeBatch(tx, [q<{ tx: string }>(tx, "select now()::text as tx")]);
      const y = await sql<{ tx: string }>`select now()::text as tx`.execute(tx);
      return x.tx === y.rows[0].tx;
    });
    expect(r).toBe(true); // both statements ran in one transaction: the same now()
  });
}

describe("pipelined driver on PGlite", () => {
  semantics(testDatabase, "pipeline_probe");
});

describeMultiConnection("pipelined driver on PostgreSQL", () => {
  const table = `pipeline_probe_${process.pid}`;
  semantics(() => serverDatabase(4), table);

  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(4);
    await sql.raw(`create table ${table}_lock (id int primary key, n int not null)`).execute(d.db);
    await sql.raw(`insert into ${table}_lock values (1, 0)`).execute(d.db);
  });
  afterAll(async () => {
    await sql.raw(`drop table if exists ${table}_lock`).execute(d.db);
    await d?.close();
  });

  it("a statement batched behind a lock sees what the lock's holder committed while it waited", async () => {
    const t = `${table}_lock`;
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    // A: locks the row, changes it and adds a row, commits only when told
    const a = d.db.transaction().execute(async (tx) => {
      await sql`select n from ${sql.table(t)} where id = 1 for update`.execute(tx);
      await sql`update ${sql.table(t)} set n = 41 where id = 1`.execute(tx);
      await sql`insert into ${sql.table(t)} values (2, 1)`.execute(tx);
      locked();
      await held;
    });
    await isLocked;
    // B: the lock and the read in one round trip, sent while A holds the lock
    const b = d.db
      .transaction()
      .execute((tx) =>
        executeBatch(tx, [
          q<{ n: number }>(tx, `select n from ${t} where id = 1 for update`),
          q<{ s: number }>(tx, `select sum(n)::int as s, count(*)::int as c from ${t}`),
        ]),
      );
    // wait until B is blocked on A's row lock, then let A commit
    for (let i = 0; i < 200; i++) {
      const w = await sql<{ c: number }>`
        select count(*)::int as c from pg_stat_activity
         where wait_event_type = 'Lock' and query like ${`select n from ${t}%`}`.execute(d.db);
      if (w.rows[0].c > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    release();
    await a;
    const [lock, read] = await b;
    expect(lock).toEqual([{ n: 41 }]);
    expect(read).toEqual([{ s: 42, c: 2 }]);
  });
});
