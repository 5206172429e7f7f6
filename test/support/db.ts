import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { type Database, openDatabase } from "../../src/db/connect.ts";
import { ensureTemplate, serverTestUrl } from "./template.ts";

/** A fresh, migrated PGlite database of this test file's own. */
export async function testDatabase(): Promise<Database> {
  const file = await ensureTemplate();
  const pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(file)]) });
  return openDatabase({ pglite, ownPglite: true });
}

/** The PostgreSQL server of TEST_DATABASE_URL (this run's own database, copied by the global setup from an empty migrated one). Only inside describeMultiConnection. */
export async function serverDatabase(poolSize = 20): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error("serverDatabase() needs TEST_DATABASE_URL; use it inside describeMultiConnection");
  return openDatabase({ url: serverTestUrl(url), poolSize });
}
