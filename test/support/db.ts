import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { ensureTemplate, ownServerDatabase, serverTestUrl } from "./template.ts";

/** A fresh, migrated PGlite database of this test file's own. */
export async function testDatabase(): Promise<Database> {
  const file = await ensureTemplate();
  const pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(file)]) });
  return openDatabase({ pglite, ownPglite: true });
}

/**
 * A migrated embedded data directory at `dataDir` (absent or empty), from the test template: for
 * files whose subject is not the first start (a fresh directory's initdb and every migration take
 * 10-14 s; migrate.test.ts and the production install test keep that path).
 */
export async function templateDataDir(dataDir: string): Promise<void> {
  const file = await ensureTemplate();
  const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([fs.readFileSync(file)]) });
  await pglite.close();
}

/** The PostgreSQL server of TEST_DATABASE_URL (this run's own database, copied by the global setup from an empty migrated one). Only inside describeMultiConnection. */
export async function serverDatabase(poolSize = 20): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error("serverDatabase() needs TEST_DATABASE_URL; use it inside describeMultiConnection");
  return openDatabase({ url: serverTestUrl(url), poolSize });
}

/**
 * A PostgreSQL database of this test file's own (a copy of the empty migrated template), dropped by
 * close(). For tests that run engine passes: a pass claims due work across every tenant of its
 * database, so on the run's shared database it would execute other files' steps (the erasure test's
 * event count moved by two when one did). `url` is for processes the test starts. Only inside
 * describeMultiConnection.
 */
export async function ownServerTestDatabase(
  label: string,
  poolSize = 20,
): Promise<Database & { url: string }> {
  const own = await ownServerDatabase(label);
  const database = await openDatabase({ url: own.url, poolSize });
  return {
    ...database,
    url: own.url,
    close: async () => {
      await database.close();
      await own.drop();
    },
  };
}
