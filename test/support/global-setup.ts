import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureServerDatabase, ensureTemplate } from "./template.ts";

export default async function setup() {
  // the Citus mode: the PostgreSQL suites run against the coordinator (test/support/citus.ts); the
  // test workers inherit this environment
  if (process.env.TEST_CITUS_URL) process.env.TEST_DATABASE_URL = process.env.TEST_CITUS_URL;
  if (process.env.TEST_DATABASE_URL)
    process.env.TEST_DATABASE_URL = withoutCommitWait(process.env.TEST_DATABASE_URL);
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

/**
 * The tests' sessions commit without waiting for the WAL to reach the disk (synchronous_commit=off,
 * a session setting sent in the connection's startup packet, `options`; the server's own settings
 * are left as they are). It changes no lock, no visibility and no isolation, only when COMMIT
 * answers: a crash of the machine could lose the last commits, which no test relies on (the
 * restart test stops the server cleanly). Measured alternating at load 6-7: the race files
 * (coordinator/races, prospects/suppression-race) took 41.8 and 41.2 s with the wait, 32.3 and
 * 34.3 s without. Every database URL of the run is derived from this one, and the processes the
 * tests start get it too. A URL that already sets `options` is left alone.
 */
function withoutCommitWait(url: string): string {
  const u = new URL(url);
  if (u.searchParams.has("options")) return url;
  u.searchParams.set("options", "-c synchronous_commit=off");
  return u.toString();
}
