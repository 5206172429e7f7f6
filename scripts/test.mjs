// npm test: the whole suite, then closing lines about the suites that need what a bare machine
// may lack (a PostgreSQL server, Chromium, Dovecot, the public corpora, the npm registry, a Citus cluster), so a run that skipped them says so in its
// last lines and says how to run them. With BATON_REQUIRE_ALL=1 (.ci/run) any skip fails the run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const skipFile = path.join(os.tmpdir(), "baton-skipped-suites.jsonl");
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
  npm: [
    "the npm registry does not answer (npm ping)",
    "npm test where the registry answers (the production install runs npm ci --omit=dev)",
  ],
};
const args = ["vitest", "run", ...process.argv.slice(2)];
const result = spawnSync("npx", args, { stdio: "inherit", env: process.env });
const skips = fs.existsSync(skipFile)
  ? fs
      .readFileSync(skipFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  : [];
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
if (skipped === 0) console.log("Nothing was skipped.");
let status = result.status ?? 1;
if (required > 0 && process.env.BATON_REQUIRE_ALL === "1") {
  console.log(
    `FAILED: ${required} suites were skipped, and BATON_REQUIRE_ALL=1 requires every suite to run (all but the Citus mode's).`,
  );
  status = 1;
}
process.exit(status);
