import "./errors.ts";
import type { Config } from "../config/config.ts";
import { type Database, openDatabase } from "../db/connect.ts";
import { migrateAsOwner } from "../db/migrate-as-owner.ts";

/**
 * Opens the configured database and brings its schema up to date (as the schema's owner). `poolSize`:
 * the PostgreSQL server's pool (default 10); the embedded database has its one connection.
 */
export async function openFromConfig(config: Config, opts: { poolSize?: number } = {}): Promise<Database> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: opts.poolSize,
  });
  try {
    await migrateAsOwner(config, database);
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}
