// Baton's driver (src/db/pipelined-driver.ts): BEGIN goes with a transaction's first statement, and
// executeBatch sends several statements in one round trip. Neither may change what a transaction
// sees or does: a statement batched behind a lock sees what the lock's holder committed, a failure
// rolls the whole transaction back, and a transaction with no statement leaves nothing open.
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { named } from "../../src/coordinator/snapshot/prepared.ts";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { executeBatch } from "../../src/db/pipelined-driver.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { lockWaiters } from "../support/lock-waits.ts";
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

  // sync groups (src/db/sync-group.ts): once a connection has parsed its named BEGIN and COMMIT, a
  // write of several statements is one pg query, answered with one ReadyForQuery
  const warm = async () => {
    for (let i = 0; i < 6; i++)
      await d.db
        .transaction()
        .execute((tx) => executeBatch(tx, [q(tx, "select ?::int as i", i)], { commit: true }));
  };

  it("a warm connection writes BEGIN and a batch as one sync group, and a committing batch as another", async () => {
    await warm();
    const write = (id: number) =>
      d.db.transaction().execute(async (tx) => {
        const [x, y] = await executeBatch(tx, [
          q<{ id: number }>(tx, `insert into ${table} (id, n) values (?, ?) returning id`, id, 5),
          q<{ s: number }>(tx, `select sum(n)::int as s from ${table} where id >= ?`, id),
        ]);
        const [z] = await executeBatch(
          tx,
          [q<{ n: number }>(tx, `update ${table} set n = n + ? where id = ? returning n`, 1, id)],
          { commit: true },
        );
        return [x, y, z];
      });
    // warm for these texts too: a text sent again is named (auto-named.ts), and a name goes into a
    // group once its connection has parsed it
    for (const id of [48, 49]) await write(id);
    await sql`delete from ${sql.table(table)} where id in (48, 49)`.execute(d.db);
    const sent = vi.spyOn(pg.Client.prototype, "query");
    try {
      const [[a], [b], [c]] = await write(50);
      expect([a, b, c]).toEqual([{ id: 50 }, { s: 5 }, { n: 6 }]);
      expect(sent.mock.calls.map(([x]) => (x as unknown as object).constructor.name)).toEqual([
        "SyncGroup",
        "SyncGroup",
      ]);
    } finally {
      sent.mockRestore();
    }
    const rows = await sql<{ n: number }>`select n from ${sql.table(table)} where id = 50`.execute(d.db);
    expect(rows.rows).toEqual([{ n: 6 }]);
  });

  it("a named statement the connection has parsed joins a group beside parameterized ones", async () => {
    await warm();
    const stmt = () => named("probe", q<{ n: number }>(d.db, `select n from ${table} where id = ?`, 50));
    // parsed by its first run (pg's own Query), then grouped
    for (let i = 0; i < 6; i++) await d.db.executeQuery(stmt());
    const [[x], [y]] = await d.db
      .transaction()
      .execute((tx) => executeBatch(tx, [stmt(), q<{ i: number }>(tx, "select ?::int as i", 7)]));
    expect(x).toEqual({ n: 6 });
    expect(y).toEqual({ i: 7 });
  });

  it("a group reads a statement's rows with its last execution's parsers, and describes them again when its columns change", async () => {
    await warm();
    const read = (tx: Kysely<DB>) =>
      executeBatch(tx, [
        q<Record<string, unknown>>(tx, `select * from ${table} where id = ?`, 50),
        q<{ t: string }>(tx, "select ?::text as t, now() as at", "x"),
      ]);
    for (let i = 0; i < 2; i++) await d.db.transaction().execute(read); // named and parsed (auto-named.ts)
    const built = vi.spyOn(pg.Result.prototype as unknown as { addFields(f: unknown): void }, "addFields");
    try {
      const [[first], [firstT]] = await d.db.transaction().execute(read);
      const before = built.mock.calls.length;
      const [[again], [againT]] = await d.db.transaction().execute(read);
      expect(built.mock.calls.length).toBe(before); // both statements' parsers came from the first run
      expect(again).toEqual(first);
      expect(first).toEqual({ id: 50, n: 6 });
      expect(againT.t).toBe("x");
      expect(againT).toMatchObject({ t: firstT.t });
      expect((againT as unknown as { at: unknown }).at).toBeInstanceOf(Date);
      // the same text, other columns: described and parsed afresh
      await sql.raw(`alter table ${table} add column note text default 'n'`).execute(d.db);
      try {
        const [[widened]] = await d.db.transaction().execute(read);
        expect(widened).toEqual({ id: 50, n: 6, note: "n" });
      } finally {
        await sql.raw(`alter table ${table} drop column note`).execute(d.db);
      }
      const [[narrowed]] = await d.db.transaction().execute(read);
      expect(narrowed).toEqual({ id: 50, n: 6 });
    } finally {
      built.mockRestore();
    }
  });

  it("a committing group whose statement fails rolls back, and the connection's next statement runs on its own", async () => {
    await warm();
    for (let i = 0; i < 3; i++) {
      const err = await d.db
        .transaction()
        .execute(async (tx) => {
          await executeBatch(tx, [q(tx, `insert into ${table} (id, n) values (?, ?)`, 60 + i, 1)]);
          return executeBatch(tx, [q(tx, `insert into ${table} (id, n) values (?, ?)`, 50, 1)], {
            commit: true,
          });
        })
        .catch((e: { code?: string }) => e);
      expect((err as { code?: string }).code).toBe("23505");
      // not inside the failed transaction: a statement of its own runs and stays
      await sql`insert into ${sql.table(table)} (id, n) values (${70 + i}, 1)`.execute(d.db);
    }
    const rows = await sql<{ id: number }>`
      select id from ${sql.table(table)} where id between 60 and 79 order by id`.execute(d.db);
    expect(rows.rows.map((r) => r.id)).toEqual([70, 71, 72]);
  });

  it("a value pg cannot send fails the group before any of its statements runs", async () => {
    await warm();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const err = await d.db
      .transaction()
      .execute((tx) =>
        executeBatch(tx, [
          q(tx, `insert into ${table} (id, n) values (?, ?)`, 80, 1),
          q(tx, "select ?::jsonb as j", circular),
        ]),
      )
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const rows = await sql<{ c: number }>`
      select count(*)::int as c from ${sql.table(table)} where id = 80`.execute(d.db);
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
  // the probes' tables in a schema of their own: on the run's shared database, a table of Baton's
  // schema that is not distributed is a problem to the Citus suite's cluster check meanwhile
  const schema = `pipeline_probe_${process.pid}`;
  const table = `${schema}.probe`;
  const withSchema = async () => {
    const db = await serverDatabase(4);
    await sql.raw(`create schema if not exists ${schema}`).execute(db.db);
    return db;
  };
  semantics(withSchema, table);

  let d: Database;
  beforeAll(async () => {
    d = await withSchema();
    await sql.raw(`create table ${table}_lock (id int primary key, n int not null)`).execute(d.db);
    await sql.raw(`insert into ${table}_lock values (1, 0)`).execute(d.db);
  });
  afterAll(async () => {
    await sql.raw(`drop schema if exists ${schema} cascade`).execute(d.db);
    await d?.close();
  });

  it("every session runs without JIT, from its first statement (connect.ts withoutJit)", async () => {
    // four statements at once: each on a connection of its own, opened for it
    const jit = await Promise.all(
      Array.from({ length: 4 }, () =>
        d.db.transaction().execute(async (tx) => {
          const r = await sql<{
            jit: string;
            pid: number;
          }>`select current_setting('jit') as jit, pg_backend_pid() as pid`.execute(tx);
          await sql`select pg_sleep(0.05)`.execute(tx);
          return r.rows[0];
        }),
      ),
    );
    expect(new Set(jit.map((r) => r.pid)).size).toBe(4);
    expect(jit.map((r) => r.jit)).toEqual(["off", "off", "off", "off"]);
  });

  it("a connection the server ends while a transaction holds it fails that transaction, not the process", async () => {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const failed = await d.db
        .transaction()
        .execute(async (tx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
          // ended from outside while Kysely holds the connection between two statements
          await admin.query("select pg_terminate_backend($1)", [rows[0].pid]);
          await new Promise((r) => setTimeout(r, 300));
          await sql`select 1`.execute(tx);
        })
        .then(
          () => null,
          (e: Error) => e,
        );
      expect(failed).toBeInstanceOf(Error);
      // the pool dropped the dead client: the next callers get live connections
      for (let i = 0; i < 6; i++)
        expect((await sql<{ one: number }>`select 1 as one`.execute(d.db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
    }
  });

  it.each([
    ["in one sync group", true],
    ["one Sync apart", false],
  ])(
    "a statement batched behind a lock sees what the lock's holder committed while it waited (%s)",
    async (_, grouped) => {
      const t = `${table}_lock`;
      await sql`delete from ${sql.table(t)} where id <> 1`.execute(d.db);
      await sql`update ${sql.table(t)} set n = 0 where id = 1`.execute(d.db);
      // every connection of the pool has parsed its BEGIN and COMMIT (sync groups need them)
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          d.db
            .transaction()
            .execute((tx) => executeBatch(tx, [q(tx, "select ?::int as i", i)], { commit: true })),
        ),
      );
      // a statement with a parameter joins a group; one without goes through pg's own Query
      const one = grouped ? ["= ?", 1] : ["= 1"];
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
      const sent = vi.spyOn(pg.Client.prototype, "query");
      const b = d.db
        .transaction()
        .execute((tx) =>
          executeBatch(tx, [
            q<{ n: number }>(tx, `select n from ${t} where id ${one[0]} for update`, ...one.slice(1)),
            q<{ s: number }>(
              tx,
              `select sum(n)::int as s, count(*)::int as c from ${t} where id > ${grouped ? "?" : "0"}`,
              ...(grouped ? [0] : []),
            ),
          ]),
        );
      // wait until B is blocked on A's row lock, then let A commit
      for (let i = 0; i < 200; i++) {
        if ((await lockWaiters(d.db, `select n from ${t}%`)) > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const kinds = sent.mock.calls.map(([x]) => (x as unknown as object).constructor.name);
      sent.mockRestore();
      release();
      await a;
      expect(kinds.includes("SyncGroup")).toBe(grouped); // the others are the wait's own reads
      const [lock, read] = await b;
      expect(lock).toEqual([{ n: 41 }]);
      expect(read).toEqual([{ s: 42, c: 2 }]);
    },
  );
});
