import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureServerDatabase, ensureTemplate } from "./template.ts";

export default async function setup() {
  // the Citus mode: the PostgreSQL suites run against the coordinator (test/support/citus.ts); the
  // test workers inherit this environment
  if (process.env.TEST_CITUS_URL) process.env.TEST_DATABASE_URL = process.env.TEST_CITUS_URL;
  await ensureTemplate();
  const url = process.env.TEST_DATABASE_URL;
  const dropServerDatabase = url ? await ensureServerDatabase(url) : undefined;
  return async () => {
    // what this run's workers (whose parent is this process) kept in the temp directory: the living
    // and seeded demo's dumps (browser.ts) and the lock of the files that run one at a time (exclusive.ts)
    for (const f of fs.readdirSync(os.tmpdir())) {
      if (
        (f.startsWith("baton-living-demo-") || f.startsWith("baton-seeded-demo-")) &&
        f.includes(`-${process.pid}.tar`)
      )
        fs.rmSync(path.join(os.tmpdir(), f), { force: true });
    }
    fs.rmSync(path.join(os.tmpdir(), `baton-test-exclusive-${process.pid}`), {
      recursive: true,
      force: true,
    });
    await dropServerDatabase?.();
  };
}
