import type { Config } from "../config/config.ts";
import { type Database, openDatabase } from "../db/connect.ts";
import { migrateAsOwner } from "../db/migrate-as-owner.ts";

/** Opens the configured database and brings its schema up to date (as the schema's owner). */
export async function openFromConfig(config: Config): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateAsOwner(config, database);
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}
