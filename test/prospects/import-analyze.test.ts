// The embedded database runs no autovacuum, so a table it never analyzed keeps the planner's
// defaults: after a large import, the next lookup of the same keys filtered every one of the
// tenant's rows against the whole key list (import-bulk's dry run took 69 s of its 114 s on the
// server before its statistics were fresh). An import that writes ANALYZE_AFTER_ROWS rows or more
// analyzes what it wrote (src/db/analyze-owned.ts); a smaller one leaves it to the next.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { ANALYZE_AFTER_ROWS, runImport } from "../../src/prospects/import-contacts.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant } from "../support/tenant.ts";
import { bulkContactsCsv } from "./bulk-csv.ts";

const mapping = { email: "Email", first_name: "First Name", last_name: "Last Name", legal_basis: "Basis" };
let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(() => d.close());

const reltuples = async () =>
  (
    await sql<{ n: number }>`select reltuples::float8 as n from pg_class where relname = 'contacts'`.execute(
      d.db,
    )
  ).rows[0].n;

it("a large import analyzes the contacts it wrote; a small one does not", async () => {
  const t = await createTenant(d.db, "anl");
  const before = await reltuples();
  const small = await runImport(
    d.db,
    t.revops,
    { kind: "contacts", csv: bulkContactsCsv(50, 0, "small"), mapping, dryRun: false, onDuplicate: "skip" },
    { secret: "s", dbKind: d.kind },
    new Date(),
  );
  expect(small.counts.created).toBe(50);
  expect(await reltuples()).toBe(before);
  const big = await runImport(
    d.db,
    t.revops,
    {
      kind: "contacts",
      csv: bulkContactsCsv(ANALYZE_AFTER_ROWS + 100, 0, "big"),
      mapping,
      dryRun: false,
      onDuplicate: "skip",
    },
    { secret: "s", dbKind: d.kind },
    new Date(),
  );
  expect(big.counts.created).toBeGreaterThanOrEqual(ANALYZE_AFTER_ROWS);
  // the planner now knows the table's size: every contact the tenant has
  expect(await reltuples()).toBeGreaterThanOrEqual(ANALYZE_AFTER_ROWS + 50);
  // and the lookup of the file's keys reads them by their index, not by filtering the tenant's rows
  const plan = await sql<{ "QUERY PLAN": string }>`
    explain select contact_id from contacts
     where client_id = ${t.clientId} and email_key = any(${["first0.last@gmail.com", "person1@outlook.com"]}::text[])`.execute(
    d.db,
  );
  expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("contacts_email_key_idx");
});
