// Issue 58, Deliver 3: the planner's statistics. The review found an erased email 16 times in
// pg_statistic: ANALYZE copies sample values (most common values, histogram bounds) there, and
// neither the erasure's redaction nor VACUUM FULL reaches it. Here: every text-like column of the
// schema is sorted in src/prospects/personal-columns.ts (a new one fails this test until it is),
// the personal ones are kept out of statistics (0358), and after an erasure pg_stats holds no
// trace of the person, where statistics gathered before (the review's database) did.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { eraseContact } from "../../src/prospects/erase-contact.ts";
import {
  IMPERSONAL_COLUMNS,
  PERSONAL_COLUMNS,
  PERSONAL_INDEX_EXPRESSIONS,
  personalColumnNames,
} from "../../src/prospects/personal-columns.ts";
import { makeAccount } from "../coordinator/support/fixtures.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { statisticsAsBefore0358 } from "./erasure-disk.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(async () => d?.close());

const names = (list: Readonly<Record<string, readonly string[]>>) =>
  Object.entries(list).flatMap(([t, cols]) => cols.map((c) => `${t}.${c}`));

/** How many statistics values (as text) mention any needle, by table.column. */
async function statisticsMentioning(needles: string[]): Promise<Record<string, number>> {
  const r = await sql<{ col: string; n: number }>`
    select s.tablename || '.' || s.attname as col, count(*)::int as n
      from pg_stats s, unnest(${needles}::text[]) as needle(v)
     where s.schemaname = current_schema()
       and concat_ws(' ', s.most_common_vals::text, s.histogram_bounds::text, s.most_common_elems::text)
           ilike '%' || needle.v || '%'
     group by 1 order by 1`.execute(d.db);
  return Object.fromEntries(r.rows.map((x) => [x.col, x.n]));
}

describe("personal columns and the planner's statistics", () => {
  it("sorts every text, varchar, jsonb and text[] column of the schema once, as personal or not", async () => {
    const r = await sql<{ col: string }>`
      select c.table_name || '.' || c.column_name as col
        from information_schema.columns c
        join information_schema.tables t
          on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
       where c.table_schema = current_schema() and c.column_name <> 'client_id'
         and (c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'tsvector', 'USER-DEFINED')
              or c.data_type = 'ARRAY')
       order by 1`.execute(d.db);
    const schema = r.rows.map((x) => x.col);
    const personal = names(PERSONAL_COLUMNS);
    const other = names(IMPERSONAL_COLUMNS);
    expect(personal.filter((c) => other.includes(c))).toEqual([]);
    // a column in neither list is new: say whether it can hold a person's data
    expect(schema.filter((c) => !personal.includes(c) && !other.includes(c))).toEqual([]);
    // a listed column the schema lacks is a stale entry
    expect([...personal, ...other].filter((c) => !schema.includes(c))).toEqual([]);
  });

  it("keeps exactly the personal columns, and the expressions over them, out of statistics (0358)", async () => {
    const r = await sql<{ rel: string; kind: string; col: string; attnum: number }>`
      select c.relname as rel, c.relkind::text as kind, a.attname as col, a.attnum
        from pg_attribute a
        join pg_class c on c.oid = a.attrelid
       where c.relnamespace = current_schema()::regnamespace and a.attnum > 0 and a.attstattarget = 0
       order by 1, 3`.execute(d.db);
    expect(
      r.rows
        .filter((x) => x.kind !== "i")
        .map((x) => `${x.rel}.${x.col}`)
        .sort(),
    ).toEqual(personalColumnNames());
    expect(
      r.rows
        .filter((x) => x.kind === "i")
        .map((x) => `${x.rel}:${x.attnum}`)
        .sort(),
    ).toEqual(
      Object.entries(PERSONAL_INDEX_EXPRESSIONS)
        .flatMap(([i, ps]) => ps.map((p) => `${i}:${p}`))
        .sort(),
    );
    // every expression index over a personal column is on that list
    const exprs = await sql<{ index: string; tbl: string; def: string }>`
      select i.indexrelid::regclass::text as index, i.indrelid::regclass::text as tbl,
             pg_get_expr(i.indexprs, i.indrelid) as def
        from pg_index i join pg_class c on c.oid = i.indexrelid
       where i.indexprs is not null and c.relnamespace = current_schema()::regnamespace`.execute(d.db);
    const overPersonal = exprs.rows.filter((x) =>
      (PERSONAL_COLUMNS[x.tbl] ?? []).some((col) => new RegExp(`\\b${col}\\b`).test(x.def)),
    );
    expect(overPersonal.map((x) => x.index).sort()).toEqual(Object.keys(PERSONAL_INDEX_EXPRESSIONS).sort());
  });

  it("after an erasure no statistic holds the person; statistics gathered before 0358 did", async () => {
    const t = await createTenant(d.db, "stats");
    const account = await makeAccount(d.db, t.clientId);
    const tag = Math.random().toString(36).slice(2, 8);
    const email = `wilhelmina.quarrington${tag}@gmail.com`;
    const name = `Wilhelmina Quarrington${tag}`;
    // the same person three times (one name, Gmail addresses differing by a +tag: one person by the
    // dedupe rule), so their values are the most common ones and land in the statistics
    const ids: string[] = [];
    for (const plus of ["", "+a", "+b"]) {
      const c = await sql<{ contact_id: string }>`
        insert into contacts (client_id, account_id, full_name, email, title)
        values (${t.clientId}, ${account}, ${name}, ${email.replace("@", `${plus}@`)}, 'Head of Ops')
        returning contact_id`.execute(d.db);
      ids.push(c.rows[0].contact_id);
    }
    const needles = [`quarrington${tag}`];
    // with 0358's targets ANALYZE gathers nothing of them
    await sql`analyze contacts`.execute(d.db);
    expect(await statisticsMentioning(needles)).toEqual({});
    // the review's database: statistics gathered before 0358
    await statisticsAsBefore0358(d.db, ["contacts"]);
    await sql`analyze contacts`.execute(d.db);
    // the broken case: a target of 0 alone leaves what was gathered before
    const before = await statisticsMentioning(needles);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(["contacts.email", "contacts.full_name", "contacts_email_idx.lower"]),
    );
    const r = await eraseContact(
      d.db,
      t.revops,
      { contactId: ids[0], requestReference: "DSR-stats" },
      { secret: "erasure-statistics-secret", crm: "builtin" },
      new Date("2026-03-10T12:00:00Z"),
    );
    expect(r.contact_ids.sort()).toEqual([...ids].sort());
    expect(r.statistics).toMatchObject({ not_cleared: [], catalog_compacted: true });
    expect(r.statistics.analyzed).toEqual(expect.arrayContaining(["contacts", "cadence_event_log"]));
    expect(await statisticsMentioning(needles)).toEqual({});
  }, 120_000);
});
