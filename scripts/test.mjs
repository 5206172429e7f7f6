// npm test: the whole suite, then closing lines about the suites that need what a bare machine
// may lack (a PostgreSQL server, Chromium, Dovecot, the public corpora, the npm registry, a Citus
// cluster), so a run that skipped them says so and says how to run them, and last one line that
// says PASSED or FAILED with the failing files (scripts/test-summary.mjs). With BATON_REQUIRE_ALL=1
// (.ci/run) any skip fails the run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { summarize } from "./test-summary.mjs";

// this run's own directory, removed at the end: the skip records (test/support/multi.ts appends to
// BATON_SKIP_FILE; the workers inherit it) and vitest's JSON results. Runs at once on one machine
// shared one fixed file and named each other's skips (issues 57, 60).
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `baton-test-run-${process.pid}-`));
const skipFile = path.join(runDir, "skipped-suites.jsonl");
// the run's tests as JSON beside the default reporter: the failing files for the last line, and the
// tests that did not run
const resultsFile = path.join(runDir, "results.json");
const own = process.argv.slice(2);
const reporters = own.some((a) => a.startsWith("--reporter"))
  ? []
  : ["--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`];
let closing;
try {
  const result = spawnSync("npx", ["vitest", "run", ...reporters, ...own], {
    stdio: "inherit",
    env: { ...process.env, BATON_SKIP_FILE: skipFile },
  });
  closing = summarize({
    status: result.status,
    results: readJson(resultsFile),
    skips: fs.existsSync(skipFile)
      ? fs
          .readFileSync(skipFile, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [],
    env: process.env,
    cwd: process.cwd(),
  });
} finally {
  fs.rmSync(runDir, { recursive: true, force: true });
}
for (const line of closing.lines) console.log(line);
process.exit(closing.status);

/** vitest's JSON results, or null when none were written (a run with its own --reporter). */
function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}
