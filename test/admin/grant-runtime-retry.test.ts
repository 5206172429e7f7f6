// 'baton db grant-runtime' on a live database: PostgreSQL refuses a GRANT whose table row ANALYZE (or
// another GRANT) updates at that moment ("tuple concurrently updated"; seen once when two test files
// granted on one database). grantRuntime runs its idempotent grants again; any other failure stops it.
// The refusal is made by an event trigger on GRANT, the first time or every time.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { grantRuntime } from "../../src/db/grant-runtime.ts";
import { testDatabase } from "../support/db.ts";

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
  await sql`create sequence grant_attempts`.execute(d.db);
  // refuses the first GRANT of each attempt while grant_attempts is below the limit set below
  await sql
    .raw(`create function refuse_grant() returns event_trigger language plpgsql as $$
      begin
        if nextval('grant_attempts') <= current_setting('test.refusals')::int then
          raise exception '%', current_setting('test.message') using errcode = 'XX000';
        end if;
      end $$`)
    .execute(d.db);
  await sql
    .raw(
      `create event trigger refuse_grant on ddl_command_end when tag in ('GRANT') execute function refuse_grant()`,
    )
    .execute(d.db);
});
afterAll(() => d?.close());

async function grantWith(refusals: number, message: string) {
  await sql`select setval('grant_attempts', 1, false)`.execute(d.db);
  await sql`select set_config('test.refusals', ${String(refusals)}, false), set_config('test.message', ${message}, false)`.execute(
    d.db,
  );
  const role = `baton_app_retry_${refusals}_${message.length}`;
  await sql.raw(`create role ${role} nologin`).execute(d.db);
  const result = await grantRuntime(d.db, role).then(
    (r) => ({ ok: r }),
    (e: Error) => ({ error: e.message }),
  );
  const granted = await sql<{ ok: boolean }>`
    select has_table_privilege(${role}, 'public.contacts', 'INSERT') as ok`.execute(d.db);
  return { ...result, granted: granted.rows[0]!.ok };
}

it("runs the grants again when PostgreSQL says a row was updated concurrently, and they all hold", async () => {
  const r = await grantWith(2, "tuple concurrently updated");
  expect(r).toMatchObject({ ok: { tables: expect.any(Number) }, granted: true });
});

it("gives up after five attempts, and grants nothing", async () => {
  const r = await grantWith(1000, "tuple concurrently updated");
  expect(r).toEqual({ error: "tuple concurrently updated", granted: false });
});

it("does not retry another failure", async () => {
  const r = await grantWith(1, "permission denied for table contacts");
  expect(r).toEqual({ error: "permission denied for table contacts", granted: false });
  const attempts = await sql<{ n: string }>`select last_value as n from grant_attempts`.execute(d.db);
  expect(Number(attempts.rows[0]!.n)).toBe(1);
});
