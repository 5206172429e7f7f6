// Statements sent again go as named prepared statements (src/db/auto-named.ts). Naming may only
// save the server's parsing and planning: the rows, the errors and what DDL does to a statement
// must be the same as unnamed.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { autoNamed, autoNamer } from "../../src/db/auto-named.ts";
import type { Database } from "../../src/db/connect.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";

describe("autoNamer", () => {
  const namer = () => autoNamer({ textMax: 200, namedMax: 5, seenMax: 8 });

  it("names a text from its second sight, with the same name after", () => {
    const n = namer();
    const text = "select contact_id from contacts where client_id = $1";
    expect(n(text)).toBe(text);
    const second = n(text);
    expect(second).toEqual({ name: expect.stringMatching(/^baton_s_[0-9a-f]{16}$/), text });
    expect(n(text)).toBe(second);
  });

  it("leaves a result of every column unnamed, as a migration may add a column to it", () => {
    const n = namer();
    for (const text of [
      "select * from contacts where client_id = $1",
      "select distinct * from contacts where client_id = $1",
      'select "c".* from contacts as "c" where client_id = $1',
      'select "c".contact_id, "a".* from contacts as "c" join accounts as "a" using (account_id) where "c".client_id = $1',
      "update contacts set email = $1 where contact_id = $2 returning *",
    ]) {
      n(text);
      expect(n(text), text).toBe(text);
      expect(n(text), `${text}, once more`).toBe(text); // remembered as unnamed
    }
    const counted = "select count(*) as n, 2 * $1::int as m from contacts";
    n(counted);
    expect(n(counted)).toHaveProperty("name");
  });

  it("names a text whose `*` is only inside parentheses: its own result is the columns it lists", () => {
    const n = namer();
    for (const text of [
      "select x.contact_id, c.email from (select * from unnest($1::uuid[])) as x(contact_id) join contacts c using (contact_id)",
      'with "picked" as materialized (select * from "contacts" where "client_id" = $1) select "p"."email" from "picked" as "p"',
      "select id from campaign_contacts where (contact_id, campaign_id) in (select * from unnest($1::uuid[], $2::uuid[]))",
      "with u as (update contacts set email = $1 returning *) select u.contact_id from u",
    ]) {
      n(text);
      expect(n(text), text).toHaveProperty("name");
    }
    for (const text of [
      "(select * from contacts where client_id = $1) union all (select * from contacts where client_id = $2)",
      "with p as (select email from contacts where client_id = $1) select * from p",
      "select (select count(*) from accounts), c.* from contacts c where c.client_id = $1",
      // a parenthesis inside quotes opens nothing: this `*` is the result's
      "select '(' as a, \"odd(\" as b, * from contacts where client_id = $1",
    ]) {
      n(text);
      expect(n(text), text).toBe(text);
    }
  });

  it("leaves an ON CONFLICT unnamed whose arbiter the server infers from a WHERE's values", () => {
    const n = namer();
    const partial =
      'insert into "coordinator_flags" ("client_id", "flag_type") values ($1, $2) on conflict ("client_id", "flag_type", "dedup_key") where "status" = $3 do nothing returning "flag_id"';
    n(partial);
    expect(n(partial)).toBe(partial);
    const plain =
      'insert into "contacts" ("client_id", "email") values ($1, $2) on conflict ("client_id", "email") do update set "email" = "excluded"."email" where "contacts"."email" <> $3';
    n(plain);
    expect(n(plain)).toHaveProperty("name");
  });

  it("leaves a list of more than four parameters unnamed: each of its lengths is a text of its own", () => {
    const n = namer();
    const long = 'select "id" from "contacts" where "client_id" = $1 and "id" in ($2, $3, $4, $5, $6)';
    const rows = 'insert into "t" ("a", "b") values ($1, $2, $3, $4, $5), ($6, $7, $8, $9, $10)';
    const short = 'select "id" from "contacts" where "client_id" = $1 and "id" in ($2, $3, $4, $5)';
    const row = 'insert into "t" ("a", "b", "c", "d", "e", "f") values ($1, $2, $3, $4, $5, $6)';
    for (const t of [long, rows, short, row]) n(t);
    expect([n(long), n(rows)]).toEqual([long, rows]);
    expect(n(short)).toHaveProperty("name");
    expect(n(row)).toHaveProperty("name");
  });

  it("leaves long texts unnamed, and names no more than its cap", () => {
    const n = autoNamer({ textMax: 200, namedMax: 3, seenMax: 10 });
    const long = `select $1::text as v -- ${"x".repeat(200)}`;
    n(long);
    expect(n(long)).toBe(long);
    const texts = [1, 2, 3, 4].map((i) => `select $1::int + ${i} as v`);
    for (const t of texts) n(t);
    expect(texts.map((t) => typeof n(t))).toEqual(["object", "object", "object", "string"]);
  });

  it("forgets texts seen once when its memory is full, so a stream of one-off texts costs nothing", () => {
    const n = namer();
    const first = "select $1::int as first";
    n(first);
    for (let i = 0; i < 8; i++) n(`select $1::int as other${i}`);
    expect(n(first)).toBe(first); // seen once again, after the memory started over
    expect(n(first)).toHaveProperty("name");
  });
});

function semantics(open: () => Promise<Database>, table: string) {
  let d: Database;
  beforeAll(async () => {
    // the files vitest ran before this one in the same process may have filled the cap
    autoNamed.forget();
    d = await open();
    await sql.raw(`create table ${table} (id int primary key, n int not null)`).execute(d.db);
    await sql.raw(`insert into ${table} values (1, 10), (2, 20)`).execute(d.db);
  });
  afterAll(async () => {
    await sql.raw(`drop table if exists ${table}`).execute(d.db);
    await d?.close();
  });

  const named = async () =>
    (
      await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements where name like 'baton_s_%'`.execute(d.db)
    ).rows;

  it("runs a statement sent again as a named one, with the same rows", async () => {
    const pick = (id: number) =>
      d.db
        .selectFrom(table as "contacts")
        .select("n" as "email")
        .where("id" as "email", "=", id as never)
        .execute();
    expect(await pick(1)).toEqual([{ n: 10 }]);
    expect(await pick(2)).toEqual([{ n: 20 }]);
    expect(await pick(1)).toEqual([{ n: 10 }]);
    expect((await named()).some((s) => s.statement.includes(`from "${table}"`))).toBe(true);
  });

  it("a named statement keeps working when a migration adds a column; a select * sees it", async () => {
    const pickN = () => sql<{ n: number }>`select n from ${sql.table(table)} where id = ${1}`.execute(d.db);
    const pickAll = () =>
      sql<Record<string, number>>`select * from ${sql.table(table)} where id = ${1}`.execute(d.db);
    for (let i = 0; i < 3; i++) {
      await pickN();
      await pickAll();
    }
    const pickInner = () =>
      sql<{ n: number }>`select t.n from (select * from ${sql.table(table)} where id = ${1}) as t`.execute(
        d.db,
      );
    for (let i = 0; i < 3; i++) await pickInner();
    await sql.raw(`alter table ${table} add column m int not null default 7`).execute(d.db);
    expect((await pickN()).rows).toEqual([{ n: 10 }]);
    expect((await pickInner()).rows).toEqual([{ n: 10 }]);
    expect((await pickAll()).rows).toEqual([{ id: 1, n: 10, m: 7 }]);
    await sql.raw(`alter table ${table} drop column m`).execute(d.db);
    expect((await pickAll()).rows).toEqual([{ id: 1, n: 10 }]);
  });

  it("a statement first named inside a failed transaction is not taken as prepared after it", async () => {
    const bump = (id: number) => sql`update ${sql.table(table)} set n = n + ${0} where id = ${id}`;
    await bump(1).execute(d.db); // seen once: its next sending is its first as a named statement
    const err = await d.db
      .transaction()
      .execute(async (tx) => {
        await sql`select 1 / ${0}::int`.execute(tx);
      })
      .catch((e: { code?: string }) => e);
    expect((err as { code?: string }).code).toBe("22012");
    const failed = await d.db
      .transaction()
      .execute(async (tx) => {
        await sql`select 1 / ${0}::int`.execute(tx).catch(() => {});
        await bump(2).execute(tx); // its Parse is refused in the aborted transaction
      })
      .catch((e: { code?: string }) => e);
    expect((failed as { code?: string }).code).toBe("25P02");
    const done = await bump(2).execute(d.db);
    expect(done.numAffectedRows).toBe(1n);
  });
}

describe("named statements on PGlite", () => {
  semantics(testDatabase, `auto_named_probe_${process.pid}`);
});

describeMultiConnection("named statements on PostgreSQL", () => {
  semantics(() => serverDatabase(1), `auto_named_probe_${process.pid}`);
});
