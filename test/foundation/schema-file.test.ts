// db/schema.sql is the schema the migrations build (issue 59 item 4; graphile-worker's CI step
// "check schema hasn't changed"): regenerated here on the test's migrated PGlite database, and on
// TEST_DATABASE_URL's PostgreSQL 15 server, which must print the same bytes. A migration added
// without regenerating the file fails here with a short diff and the command that fixes it.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { SCHEMA_FILE_HEADER, schemaFile } from "../../src/db/dump-schema.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";

const FILE = path.resolve(import.meta.dirname, "../../db/schema.sql");
const FIX = "db/schema.sql differs from the migrations: run `npm run db:schema` and commit db/schema.sql";

/** Whether `a` from line i and `b` from line j agree for `n` lines (or both end). */
function agree(a: string[], i: number, b: string[], j: number, n: number): boolean {
  for (let k = 0; k < n; k++) {
    if (i + k >= a.length && j + k >= b.length) return true;
    if (a[i + k] !== b[j + k]) return false;
  }
  return true;
}

/** The first place two texts part: the lines each has there, up to where they agree again. */
function shortDiff(expected: string, actual: string, max = 12): string {
  const a = expected.split("\n");
  const b = actual.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let [gone, added] = [a.length - start, b.length - start];
  search: for (let d = 1; d <= 2 * max; d++)
    for (let i = 0; i <= d; i++)
      if (agree(a, start + i, b, start + d - i, 3)) {
        [gone, added] = [i, d - i];
        break search;
      }
  const side = (lines: string[], count: number, mark: string) => {
    const shown = lines.slice(start, start + Math.min(count, max)).map((l) => `${mark} ${l}`);
    return count > max ? [...shown, `${mark} … ${count - max} more lines`] : shown;
  };
  return [`@@ line ${start + 1} (the first difference)`, ...side(a, gone, "-"), ...side(b, added, "+")].join(
    "\n",
  );
}

function expectFile(actual: string): void {
  const committed = fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8") : "";
  if (committed !== actual) expect.fail(`${FIX}\n${shortDiff(committed, actual)}`);
}

describe("db/schema.sql (PGlite)", () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(() => database.close());

  it("is what the migrations build, header and all", async () => {
    const text = await schemaFile(database.db);
    expect(text.startsWith(SCHEMA_FILE_HEADER)).toBe(true);
    expectFile(text);
  });

  it("holds the current definition of what later migrations redefined", () => {
    const text = fs.readFileSync(FILE, "utf8");
    // baton_event_log_tenant_refs is defined in 0211, 0320, 0331 and 0335: the file has it once
    expect(text.match(/^CREATE OR REPLACE FUNCTION public\.baton_event_log_tenant_refs\(/gm)).toHaveLength(1);
  });

  it("a migration added without regenerating fails with the line and the command", async () => {
    const text = await schemaFile(database.db);
    const changed = text.replace("create table accounts (", "create table accounts (\n  note text,");
    const diff = shortDiff(text, changed);
    const line = text.split("\n").indexOf("create table accounts (") + 2;
    expect(diff).toBe(`@@ line ${line} (the first difference)\n+   note text,`);
    expect(FIX).toContain("npm run db:schema");
  });
});

describeMultiConnection("db/schema.sql (PostgreSQL server)", () => {
  // a Citus coordinator adds its own extension and objects to distributed tables: the file is
  // PostgreSQL's schema, compared on a plain server
  it.skipIf(Boolean(process.env.TEST_CITUS_URL))(
    "PostgreSQL 15 prints the same bytes as PGlite",
    async () => {
      const database = await serverDatabase(1);
      try {
        expectFile(await schemaFile(database.db));
      } finally {
        await database.close();
      }
    },
  );
});
