// The planner's statistics after a large write. PostgreSQL's autovacuum analyzes a table once enough
// of it changed (within about a minute); the embedded database (PGlite, single user) runs no
// autovacuum, so a table it never analyzed keeps the planner's defaults for good. A lookup of 10,000
// email keys against a tenant's 95,000 freshly imported contacts then filtered every row against the
// whole array: 7 s a chunk, 69 s for a dry run of the same file (1.9 s once analyzed). Only a table's
// owner (or a superuser) may ANALYZE it: on a server the runtime role owns nothing and leaves it to
// autovacuum, so this analyzes only what the connected role owns, and says which.
import { type Kysely, sql } from "kysely";

/** Which of `tables` the connected role may VACUUM or ANALYZE (it owns them, or is a superuser). */
export async function ownedTables(db: Kysely<any>, tables: Iterable<string>): Promise<Map<string, boolean>> {
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
export async function analyzeOwnedTables(db: Kysely<any>, tables: readonly string[]): Promise<string[]> {
  const owned = await ownedTables(db, tables);
  const done: string[] = [];
  for (const t of tables) {
    if (!owned.get(t)) continue;
    await sql`analyze ${sql.table(t)}`.execute(db);
    done.push(t);
  }
  return done;
}

/**
 * The tables whose statistics are missing or stale, as autovacuum's analyze judges them: never
 * analyzed (reltuples -1: the planner then assumes ten pages whatever the table holds, and joins by
 * guesswork), or changed by more than 50 rows and a tenth of the table since the last ANALYZE.
 */
export async function staleTables(db: Kysely<any>): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select s.relname as name
      from pg_catalog.pg_stat_user_tables s
      join pg_catalog.pg_class c on c.oid = s.relid
     where s.schemaname = current_schema()
       and (c.reltuples < 0 or s.n_mod_since_analyze > 50 + 0.1 * c.reltuples)
     order by s.relname`.execute(db);
  return r.rows.map((x) => x.name);
}

/**
 * ANALYZE the stale tables the connected role owns (staleTables): on the embedded database, which
 * runs no autovacuum, what autovacuum's analyze does on a server. On tables never analyzed, a
 * tenant's 201 triaged replies read each reply by a scan of the tenant's rows joined by guesswork: a
 * triage decision took 129 ms, 16 ms on analyzed tables (docs/performance-journal.md 1d.10, "a
 * worker's start, the browser's launch, the embedded database's statistics").
 */
export async function analyzeStaleTables(db: Kysely<any>): Promise<string[]> {
  return analyzeOwnedTables(db, await staleTables(db));
}
