// The planner's statistics after a large write. PostgreSQL's autovacuum analyzes a table once enough
// of it changed (within about a minute); the embedded database (PGlite, single user) runs no
// autovacuum, so a table it never analyzed keeps the planner's defaults for good. A lookup of 10,000
// email keys against a tenant's 95,000 freshly imported contacts then filtered every row against the
// whole array: 7 s a chunk, 69 s for a dry run of the same file (1.9 s once analyzed). Only a table's
// owner (or a superuser) may ANALYZE it: on a server the runtime role owns nothing and leaves it to
// autovacuum, so this analyzes only what the connected role owns, and says which.
import { type Kysely, sql } from "kysely";
import type { DB } from "./database.ts";

/** Which of `tables` the connected role may VACUUM or ANALYZE (it owns them, or is a superuser). */
export async function ownedTables(db: Kysely<DB>, tables: Iterable<string>): Promise<Map<string, boolean>> {
  const names = [...new Set(tables)].sort();
  const r = await sql<{ name: string; mine: boolean }>`
    select t.name, coalesce(r.rolsuper or pg_has_role(current_user, c.relowner, 'USAGE'), false) as mine
      from unnest(${names}::text[]) as t(name)
      left join pg_catalog.pg_class c on c.oid = to_regclass(t.name)
      left join pg_catalog.pg_roles r on r.rolname = current_user
     where c.oid is not null`.execute(db);
  return new Map(r.rows.map((x) => [x.name, x.mine]));
}

/** ANALYZE each of `tables` the connected role owns; returns those analyzed. Outside a transaction. */
export async function analyzeOwnedTables(db: Kysely<DB>, tables: readonly string[]): Promise<string[]> {
  const owned = await ownedTables(db, tables);
  const done: string[] = [];
  for (const t of tables) {
    if (!owned.get(t)) continue;
    await sql`analyze ${sql.table(t)}`.execute(db);
    done.push(t);
  }
  return done;
}
