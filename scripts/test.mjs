// npm test: the whole suite, then closing lines about the suites that need what a bare machine
// may lack (a PostgreSQL server, Chromium, Dovecot, the public corpora, the npm registry, a Citus cluster), so a run that skipped them says so in its
// last lines and says how to run them. With BATON_REQUIRE_ALL=1 (.ci/run) any skip fails the run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// this run's own file (test/support/multi.ts reads BATON_SKIP_FILE): runs at once on one machine
// shared one, and named each other's skips (issue 57)
const skipFile = path.join(os.tmpdir(), `baton-skipped-suites-${process.pid}.jsonl`);
const how = {
  postgres: [
    "TEST_DATABASE_URL is unset",
    "TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test",
  ],
  chromium: ["/usr/bin/chromium is not installed", "apt-get install -y chromium, then npm test"],
  dovecot: ["/usr/sbin/dovecot is not installed", "apt-get install -y dovecot-imapd, then npm test"],
  corpora: [
    "no corpora directory was found (BATON_CORPORA_DIR, ../shared/corpora, /work/shared/corpora)",
    "put Sisimai's set (mail/sisimai-set-of-emails, mail/sisimai-labels.json; ../shared/corpora/README.md) in ../shared/corpora or BATON_CORPORA_DIR=/path npm test",
  ],
  citus: [
    "TEST_CITUS_URL is unset",
    "TEST_CITUS_URL=postgres://postgres@127.0.0.1:5441/postgres npm test (a Citus coordinator with its workers added; the PostgreSQL suites then run against it too; docs/scaling.md)",
  ],
  pgfiles: [
    "the PostgreSQL server's data directory (TEST_PG_DATA_DIR) is not readable here, or the run is a Citus one",
    "TEST_DATABASE_URL=… TEST_PG_DATA_DIR=/var/lib/postgresql/15/main npm test, as a user who can read it (root or postgres)",
  ],
  npm: [
    "the npm registry does not answer (npm ping)",
    "npm test where the registry answers (the production install runs npm ci --omit=dev)",
  ],
};
// the run's tests as JSON beside the default reporter, to count the tests that did not run: those of
// a skipped suite below, and those no suite names (a file whose setup failed skips its tests, and the
// closing lines said "Nothing was skipped." over 23 of them, issue 57)
const resultsFile = path.join(os.tmpdir(), `baton-test-results-${process.pid}.json`);
const own = process.argv.slice(2);
const reporters = own.some((a) => a.startsWith("--reporter"))
  ? []
  : ["--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`];
const args = ["vitest", "run", ...reporters, ...own];
const result = spawnSync("npx", args, {
  stdio: "inherit",
  env: { ...process.env, BATON_SKIP_FILE: skipFile },
});
/** The tests that did not run (skipped, pending or todo), by file; null when no results were written. */
function notRun() {
  if (!fs.existsSync(resultsFile)) return null;
  try {
    const r = JSON.parse(fs.readFileSync(resultsFile, "utf8"));
    const byFile = new Map();
    for (const file of r.testResults ?? [])
      for (const t of file.assertionResults ?? [])
        if (t.status === "skipped" || t.status === "pending" || t.status === "todo") {
          const name = path.relative(process.cwd(), file.name);
          byFile.set(name, [...(byFile.get(name) ?? []), t.fullName ?? t.title]);
        }
    return byFile;
  } catch {
    return null;
  } finally {
    fs.rmSync(resultsFile, { force: true });
  }
}
const unrun = notRun();
const skips = fs.existsSync(skipFile)
  ? fs
      .readFileSync(skipFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : [];
fs.rmSync(skipFile, { force: true });
console.log("");
const citus = process.env.TEST_CITUS_URL;
const url = citus || process.env.TEST_DATABASE_URL;
if (url)
  console.log(
    `Multi-connection tests ran against ${url.replace(/\/\/[^@]*@/, "//***@")}${citus ? " (a Citus coordinator: every database distributed by tenant)" : ""}.`,
  );
// Citus is not packaged for these machines (docs/scaling.md): CI (.ci/run) does not run the Citus
// mode, so its skip is named below but does not fail a BATON_REQUIRE_ALL run
const optional = new Set(["citus"]);
let skipped = 0;
let required = 0;
for (const [requirement, [why, run]] of Object.entries(how)) {
  const suites = [...new Set(skips.filter((s) => s.requirement === requirement).map((s) => s.suite))];
  if (suites.length === 0) continue;
  skipped += suites.length;
  if (!optional.has(requirement)) required += suites.length;
  console.log(`SKIPPED: ${suites.length} ${requirement} test suites, because ${why}. Run them with:`);
  console.log(`  ${run}`);
  for (const s of suites) console.log(`  - skipped: ${s}`);
}
// tests of the suites named above carry their requirement in their name ("[postgres] …"); the others
// did not run for another reason, each file named
const tests = unrun ? [...unrun.values()].flat() : [];
const inSuites = tests.filter((t) => /^\[[a-z+]+\] /.test(t)).length;
const others = [...(unrun ?? new Map())]
  .map(([file, names]) => [file, names.filter((t) => !/^\[[a-z+]+\] /.test(t)).length])
  .filter(([, n]) => n > 0);
if (tests.length > 0) {
  console.log(
    `SKIPPED: ${tests.length} tests did not run: ${inSuites} in the suites named above, ${tests.length - inSuites} others (a setup that failed, .skip, .todo or a -t filter).`,
  );
  for (const [file, n] of others) console.log(`  - ${n} in ${file}`);
}
if (skipped === 0 && tests.length === 0)
  console.log(
    unrun ? "Nothing was skipped." : "Nothing was skipped by requirement (the tests' results were not read).",
  );
let status = result.status ?? 1;
if (required > 0 && process.env.BATON_REQUIRE_ALL === "1") {
  console.log(
    `FAILED: ${required} suites were skipped, and BATON_REQUIRE_ALL=1 requires every suite to run (all but the Citus mode's).`,
  );
  status = 1;
}
process.exit(status);
