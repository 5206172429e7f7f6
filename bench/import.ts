// npm run bench:import — contacts imported per second on PostgreSQL (issue 15): a CSV of
// BENCH_ROWS rows (default 100,000, 5% repeats in mixed case and plus-tags) into a fresh tenant of
// the baton_bench database, parsed, planned and written in chunks; a dry run of the same file too.
// Env: DATABASE_URL/TEST_DATABASE_URL, BENCH_ROWS.
import "../src/runtime/errors.ts";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createPrincipal, ensureClient } from "../src/auth/create-principal.ts";
import { openDatabase } from "../src/db/connect.ts";
import { migrate } from "../src/db/migrate.ts";
import { runImport } from "../src/prospects/import-contacts.ts";
import { bulkContactsCsv } from "../test/prospects/bulk-csv.ts";
import { defaultBenchUrl, ensureDatabase } from "./support/baseline.ts";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const mapping = {
  email: "Email",
  first_name: "First Name",
  last_name: "Last Name",
  title: "Title",
  legal_basis: "Basis",
};

async function main() {
  const url = await ensureDatabase(defaultBenchUrl(), "baton_bench");
  const d = await openDatabase({ url, poolSize: 4 });
  try {
    await migrate(d.db);
    const tag = randomUUID().slice(0, 8);
    const clientId = `bench_import_${tag}`;
    await ensureClient(d.db, clientId, "Import bench");
    const revops = await createPrincipal(d.db, { clientId, displayName: "Bench RevOps", roles: ["revops"] });
    const dupes = Math.round(ROWS * 0.05);
    const csv = bulkContactsCsv(ROWS - dupes, dupes, tag);
    for (const dryRun of [true, false]) {
      const marks: [number, number][] = [];
      const t0 = performance.now();
      const r = await runImport(
        d.db,
        revops,
        { kind: "contacts", csv, mapping, dryRun, onDuplicate: "skip" },
        { secret: "bench", dbKind: d.kind, onProgress: (done) => marks.push([done, performance.now() - t0]) },
        new Date(),
      );
      const s = (performance.now() - t0) / 1000;
      console.log(
        `${dryRun ? "dry run" : "import "}: ${ROWS} rows in ${s.toFixed(1)} s = ${Math.round(ROWS / s)} rows/s; ` +
          `counts ${JSON.stringify(r.counts)}; first progress at ${((marks[0]?.[1] ?? 0) / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    await d.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
