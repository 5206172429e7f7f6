import type { Config } from "../config/config.ts";
import { type Database, openDatabase } from "../db/connect.ts";
import { migrate } from "../db/migrate.ts";

/** Opens the configured database and brings its schema up to date. */
export async function openFromConfig(config: Config): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database.db);
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}
