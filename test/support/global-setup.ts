import fs from "node:fs";
import { SKIP_FILE } from "./multi.ts";
import { ensureServerDatabase, ensureTemplate } from "./template.ts";

export default async function setup() {
  fs.rmSync(SKIP_FILE, { force: true });
  // the Citus mode: the PostgreSQL suites run against the coordinator (test/support/citus.ts); the
  // test workers inherit this environment
  if (process.env.TEST_CITUS_URL) process.env.TEST_DATABASE_URL = process.env.TEST_CITUS_URL;
  await ensureTemplate();
  const url = process.env.TEST_DATABASE_URL;
  if (url) return await ensureServerDatabase(url);
}
