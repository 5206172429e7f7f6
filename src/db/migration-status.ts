// Is the schema current for this build? (readiness, 'baton doctor'.) Pending: files this build has
// and the database has not applied; unknown: applied names this build does not know (a newer build
// migrated the database; migrate() refuses to run then).
import type { Kysely } from "kysely";
import { sql } from "kysely";
import { readMigrations } from "./migrate.ts";

let names: string[] | undefined;

export interface MigrationStatus {
  current: boolean;
  applied: number;
  pending: string[];
  unknown: string[];
}

export async function migrationStatus(db: Kysely<any>): Promise<MigrationStatus> {
  names ??= readMigrations().map((f) => f.name);
  const exists = await sql<{ t: string | null }>`select to_regclass('baton_migrations')::text as t`.execute(
    db,
  );
  const done = exists.rows[0]?.t
    ? (await sql<{ name: string }>`select name from baton_migrations`.execute(db)).rows.map((r) => r.name)
    : [];
  const have = new Set(done);
  const known = new Set(names);
  const pending = names.filter((n) => !have.has(n));
  const unknown = done.filter((n) => !known.has(n)).sort();
  return { current: pending.length === 0 && unknown.length === 0, applied: done.length, pending, unknown };
}
