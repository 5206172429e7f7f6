// pg's connection to PGlite (src/db/pglite-connection.ts) hands PGlite the messages of one exchange
// in one call: a statement with parameters is one call where PGlite's own adapter made five (Parse,
// Bind, Describe, Execute, Sync), and a sync group of several statements is one call too. What the
// backend answers must not change: rows, errors, a failed group's rollback, COPY-free simple queries.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import type { DB } from "../../src/db/database.ts";
import { executeBatch } from "../../src/db/pipelined-driver.ts";
import { testDatabase } from "../support/db.ts";

const q = (db: Kysely<DB>, text: string, ...values: unknown[]) => {
  const parts = text.split("?");
  return sql(Object.assign(parts, { raw: parts }) as unknown as TemplateStringsArray, ...values).compile(db);
};

describe("pg's connection to PGlite", () => {
  let d: Database;
  let calls: ReturnType<typeof vi.spyOn>;
  beforeAll(async () => {
    d = await testDatabase();
    await sql`create table conn_t (id int primary key, n int not null)`.execute(d.db);
    calls = vi.spyOn(d.pglite!, "execProtocolStream");
  });
  afterAll(async () => {
    calls.mockRestore();
    await d?.close();
  });

  it("sends a statement with parameters in one call, and reads its rows", async () => {
    calls.mockClear();
    const r = await sql<{ s: number }>`select ${41}::int + ${1}::int as s`.execute(d.db);
    expect(r.rows).toEqual([{ s: 42 }]);
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it("sends a transaction's sync group in one call; an error in it rolls the whole group back", async () => {
    // a text goes through a sync group once this connection has parsed it under its name
    // (sync-group.ts, auto-named.ts: named at its second sight): the third round is measured
    for (const [id, round] of [
      [1, "first sight"],
      [4, "named"],
      [5, "measured"],
    ] as const) {
      calls.mockClear();
      const [a, b] = await d.db
        .transaction()
        .execute((tx) =>
          executeBatch(tx, [
            q(tx, "insert into conn_t (id, n) values (?, ?) returning id", id, 10),
            q(tx, "update conn_t set n = n + ? where id = ? returning n", 5, id),
          ]),
        );
      expect(a).toEqual([{ id }]);
      expect(b).toEqual([{ n: 15 }]);
      // BEGIN, both statements and their Sync in one call; COMMIT in a second
      if (round === "measured") expect(calls).toHaveBeenCalledTimes(2);
    }
    await expect(
      d.db.transaction().execute((tx) =>
        executeBatch(tx, [
          q(tx, "insert into conn_t (id, n) values (?, ?)", 2, 20),
          q(tx, "insert into conn_t (id, n) values (?, ?)", 1, 99), // the key of the row above
          q(tx, "insert into conn_t (id, n) values (?, ?)", 3, 30),
        ]),
      ),
    ).rejects.toMatchObject({ code: "23505" });
    const rows = await sql<{ id: number; n: number }>`select id, n from conn_t order by id`.execute(d.db);
    expect(rows.rows).toEqual([
      { id: 1, n: 15 },
      { id: 4, n: 15 },
      { id: 5, n: 15 },
    ]);
  });

  it("answers a simple query and an error as before, and the connection goes on", async () => {
    await expect(sql`select * from no_such_table`.execute(d.db)).rejects.toMatchObject({ code: "42P01" });
    await sql.raw("create temp table conn_tmp (x int); insert into conn_tmp values (1), (2)").execute(d.db);
    const r = await sql<{ n: number }>`select count(*)::int as n from conn_tmp`.execute(d.db);
    expect(r.rows).toEqual([{ n: 2 }]);
  });
});
