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
    calls = vi.spyOn(d.pglite!, "execProtocolRawStream");
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

  it("reads the answers pg reads from a server: long and non-ASCII values, NULLs, an error's fields", async () => {
    // pg's own parser reads the backend's bytes (pglite-connection.ts): a value longer than the
    // backend's output chunks, multi-byte characters at every offset, empty strings beside NULLs
    const long = "é€😀a".repeat(300_000);
    const r = await sql<{ i: number; s: string | null; e: string; l: string; j: unknown }>`
      select g as i, case when g % 2 = 0 then null else repeat('ß', g) end as s, '' as e,
             ${long}::text as l, jsonb_build_object('k', g, 'v', '✓') as j
        from generate_series(1, 3) g order by g`.execute(d.db);
    expect(r.rows.map((x) => [x.i, x.s, x.e, x.l.length, x.l === long, x.j])).toEqual([
      [1, "ß", "", long.length, true, { k: 1, v: "✓" }],
      [2, null, "", long.length, true, { k: 2, v: "✓" }],
      [3, "ßßß", "", long.length, true, { k: 3, v: "✓" }],
    ]);
    await sql`create temp table conn_fk_p (id int primary key)`.execute(d.db);
    await sql`create temp table conn_fk_c (p int constraint conn_fk_c_p_fkey references conn_fk_p)`.execute(
      d.db,
    );
    await expect(sql`insert into conn_fk_c values (7)`.execute(d.db)).rejects.toMatchObject({
      code: "23503",
      constraint: "conn_fk_c_p_fkey",
      table: "conn_fk_c",
      detail: expect.stringContaining("(p)=(7)"),
    });
    const n = await sql<{ n: number }>`select count(*)::int as n from conn_fk_c`.execute(d.db);
    expect(n.rows).toEqual([{ n: 0 }]);
  });
});
