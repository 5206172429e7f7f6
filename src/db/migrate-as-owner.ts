// Least privilege (issue 11): migrations run as the schema's owner (BATON_MIGRATE_DATABASE_URL),
// while the server and the workers connect with DATABASE_URL as a role that owns nothing. When the
// two URLs are the same (or on PGlite, one user), the runtime connection migrates.
import type { Config } from "../config/config.ts";
import { type Database, openDatabase } from "./connect.ts";
import { migrate } from "./migrate.ts";

export async function migrateAsOwner(
  config: Pick<Config, "databaseUrl" | "migrateDatabaseUrl">,
  runtime: Database,
): Promise<{ applied: string[] }> {
  const ownerUrl = config.migrateDatabaseUrl;
  if (runtime.kind !== "postgres" || !ownerUrl || ownerUrl === config.databaseUrl) {
    return migrate(runtime.db);
  }
  const owner = await openDatabase({ url: ownerUrl, poolSize: 1 });
  try {
    return await migrate(owner.db);
  } finally {
    await owner.close();
  }
}
