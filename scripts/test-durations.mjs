// npm run test:durations: writes test/support/test-durations.json, the seconds each test file took
// in the last run on this machine (vitest's cache in .cache/vite), which test/support/sequencer.ts
// reads where there is no cache (CI's fresh clone) to start the longest files first. Run it after a
// full `npm test` with TEST_DATABASE_URL set (a run without the server records the PostgreSQL
// files as skipped, near 0 s). Only the order of the files depends on it, never a result.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dir = path.join(root, ".cache/vite/vitest");
const found = fs.existsSync(dir)
  ? fs
      .readdirSync(dir)
      .map((d) => path.join(dir, d, "results.json"))
      .filter((f) => fs.existsSync(f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
  : [];
if (found.length === 0) {
  console.error("test:durations: no results in .cache/vite: run `npm test` first");
  process.exit(1);
}
const { results } = JSON.parse(fs.readFileSync(found[0], "utf8"));
const out = {};
for (const [key, r] of results.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const file = key.slice(key.indexOf(":") + 1);
  // only files that still exist and ran (a skipped suite's near-zero time would start it last)
  if (!fs.existsSync(path.join(root, file)) || !(r.duration > 0)) continue;
  out[file] = Math.round(r.duration / 100) / 10;
}
const target = path.join(root, "test/support/test-durations.json");
fs.writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
console.log(`test:durations: ${Object.keys(out).length} files written to ${path.relative(root, target)}`);
