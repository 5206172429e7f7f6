// Tests that need several connections (races on caps, concurrent workers) run on the PostgreSQL
// server of TEST_DATABASE_URL. Without it they are skipped, and the skip is recorded so that the
// last lines of `npm test` say so (scripts/test.mjs). They never vanish silently.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe } from "vitest";

export const SKIP_FILE = path.join(os.tmpdir(), "baton-multi-connection-skipped.txt");
export const hasServer = Boolean(process.env.TEST_DATABASE_URL);

export function describeMultiConnection(name: string, fn: () => void) {
  if (hasServer) {
    describe(`[postgres] ${name}`, fn);
  } else {
    fs.appendFileSync(SKIP_FILE, `${name}\n`);
    describe.skip(`[postgres] ${name}`, fn);
  }
}
