// Numbered plain-SQL migrations, forward only (STYLE.md, after graphile-worker's migrate.ts).
// Each file runs in its own transaction under a transaction-scoped advisory lock, and re-checks
// inside the lock whether another process applied it first, so two processes starting at once
// apply every file exactly once. A database that has files this build does not know is refused.
import fs from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { PACKAGE_ROOT } from "../config/package-root.ts";
import { BatonError } from "../errors/baton-error.ts";

export const MIGRATIONS_DIR = path.join(PACKAGE_ROOT, "db", "migrations");
// Any constant works; it only has to be the same in every Baton process.
const LOCK_KEY = 7_202_611_22;

export interface MigrationFile {
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name), "utf8") }));
}

export async function migrate(db: Kysely<any>, files = readMigrations()): Promise<{ applied: string[] }> {
  await db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
    await sql`create table if not exists baton_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`.execute(tx);
  });
  const known = new Set(files.map((f) => f.name));
  const done = await sql<{ name: string }>`select name from baton_migrations order by name`.execute(db);
  const unknown = done.rows.map((r) => r.name).filter((n) => !known.has(n));
  if (unknown.length > 0) throw new BatonError("SCHEMA_NEWER_THAN_CODE", { unknown_migrations: unknown });

  const applied: string[] = [];
  for (const file of files) {
    await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
      const seen = await sql`select 1 from baton_migrations where name = ${file.name}`.execute(tx);
      if (seen.rows.length > 0) return;
      await sql.raw(file.sql).execute(tx);
      await sql`insert into baton_migrations (name) values (${file.name})`.execute(tx);
      applied.push(file.name);
    });
  }
  return { applied };
}
