// npm test: the whole suite, then a closing line about the multi-connection tests, so a run
// that skipped them says so in its last lines.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const skipFile = path.join(os.tmpdir(), "baton-multi-connection-skipped.txt");
const args = ["vitest", "run", ...process.argv.slice(2)];
const result = spawnSync("npx", args, { stdio: "inherit", env: process.env });
const url = process.env.TEST_DATABASE_URL;
console.log("");
if (url) {
  console.log(`Multi-connection tests ran against ${url.replace(/\/\/[^@]*@/, "//***@")}.`);
} else {
  const skipped = fs.existsSync(skipFile)
    ? [...new Set(fs.readFileSync(skipFile, "utf8").split("\n").filter(Boolean))]
    : [];
  console.log(`SKIPPED: ${skipped.length} multi-connection test suites (races on caps, concurrent workers),`);
  console.log("because TEST_DATABASE_URL is unset. Run them with:");
  console.log("  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test");
  for (const s of skipped) console.log(`  - skipped: ${s}`);
}
process.exit(result.status ?? 1);
