// Issue 15 "Must show", on PostgreSQL: 100,000 rows with 5% repeats (mixed case, Gmail dots and
// +tags, Outlook +tags) import with exact counts in under 60 s, with progress reported; a second
// dry run with the update policy would update every row and create none.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { runImport } from "../../src/prospects/import-contacts.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";
import { bulkContactsCsv } from "./bulk-csv.ts";

const mapping = {
  email: "Email",
  first_name: "First Name",
  last_name: "Last Name",
  title: "Title",
  legal_basis: "Basis",
};

describeMultiConnection("import at scale", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(4);
  });
  afterAll(async () => d?.close());

  it("100,000 rows, 5% repeats: exact counts, under 60 s, progress reported", async () => {
    const t = await createTenant(d.db, "bulk");
    const csv = bulkContactsCsv(95_000, 5_000, randomUUID().slice(0, 6));
    const progress: number[] = [];
    const t0 = performance.now();
    const r = await runImport(
      d.db,
      t.revops,
      { kind: "contacts", csv, mapping, dryRun: false, onDuplicate: "skip" },
      { secret: "s", dbKind: d.kind, onProgress: (done) => progress.push(done) },
      new Date(),
    );
    const seconds = (performance.now() - t0) / 1000;
    console.log(`[import] 100,000 rows in ${seconds.toFixed(1)} s (${Math.round(100_000 / seconds)} rows/s)`);
    expect(r.counts).toEqual({ rows: 100_000, created: 95_000, updated: 0, skipped: 5_000, refused: 0 });
    expect(
      r.report.filter((x) => x.action === "skipped").every((x) => x.reason === "duplicate_in_file"),
    ).toBe(true);
    expect(seconds).toBeLessThan(60);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(100_000);
    const n = await sql<{ n: number; keys: number }>`
      select count(*)::int as n, count(distinct email_key)::int as keys from contacts where client_id = ${t.clientId}`.execute(
      d.db,
    );
    expect(n.rows[0]).toEqual({ n: 95_000, keys: 95_000 });
    const job = await d.db
      .selectFrom("import_jobs")
      .selectAll()
      .where("id", "=", r.jobId)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: "done", processed_rows: 100_000, total_rows: 100_000 });
    // the same file again, as a dry run with the update policy: every row would update
    const again = await runImport(
      d.db,
      t.revops,
      { kind: "contacts", csv, mapping, dryRun: true, onDuplicate: "update" },
      { secret: "s", dbKind: d.kind },
      new Date(),
    );
    expect(again.counts).toEqual({ rows: 100_000, created: 0, updated: 100_000, skipped: 0, refused: 0 });
  }, 300_000);
});
