// The distribution plan for a distributed PostgreSQL (Citus), read from the catalog (docs/scaling.md).
// Every table is distributed by client_id and co-located with clients, except the few global
// tables below, which become reference tables (a copy on every node). Citus requires that a
// distributed table's primary key, unique constraints and unique indexes include the
// distribution column, and that a foreign key between two distributed tables carry it on both
// sides; tenantKeyViolations() lists every place the schema breaks that, so a test can fail on it.
import { type Kysely, sql } from "kysely";

export const DISTRIBUTION_COLUMN = "client_id";

/** The global tables: no tenant column, one copy on every node (Citus reference tables). */
export const REFERENCE_TABLES: readonly string[] = [
  "baton_migrations", // which migration files ran; read by every process at start
  "baton_owner_settings", // what the database's owner allows in it (0200), for every tenant
  "sign_in_throttle", // sign-in attempts per bucket (address or IP) before any tenant is known
  "oauth_records", // MCP clients' registrations and authorizations before a person approves (0420)
];

/** Every distributed table is co-located with this one (its key is the tenant itself). */
export const COLOCATION_ANCHOR = "clients";

interface KeyRow {
  table_name: string;
  index_name: string;
  kind: string;
  has_tenant: boolean;
}
interface FkRow {
  table_name: string;
  ref_name: string;
  fk_name: string;
  carries: boolean;
}

// Baton's tables: those of its schema (the migrations' current_schema()) that no extension owns.
// Citus keeps tables of its own (columnar_internal.chunk, …) in schemas of its own; they are not
// Baton's to distribute, and the plan once named them, unqualified, and failed on them.
const userTables = sql`
  select c.oid, c.relname, exists (select 1 from pg_attribute a where a.attrelid = c.oid
           and a.attname = ${DISTRIBUTION_COLUMN} and a.attnum > 0 and not a.attisdropped) as has_tenant
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where c.relkind in ('r', 'p') and not c.relispartition and n.nspname = current_schema()
     and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
                      and d.deptype = 'e')`;

/** Tables of the current database: those with client_id, and those without. */
export async function readTables(db: Kysely<any>): Promise<{ name: string; hasTenant: boolean }[]> {
  const r = await sql<{ relname: string; has_tenant: boolean }>`
    select relname, has_tenant from (${userTables}) t order by relname`.execute(db);
  return r.rows.map((t) => ({ name: t.relname, hasTenant: t.has_tenant }));
}

/**
 * Every way the current schema is not ready to be distributed by client_id, one line each;
 * empty when it is. `reference` names the global tables (default REFERENCE_TABLES).
 */
export async function tenantKeyViolations(
  db: Kysely<any>,
  reference: readonly string[] = REFERENCE_TABLES,
): Promise<string[]> {
  const global = new Set(reference);
  const out: string[] = [];
  const tables = await readTables(db);
  const names = new Set(tables.map((t) => t.name));
  for (const r of reference)
    if (!names.has(r)) out.push(`${r}: listed as a reference table, but there is no such table`);
  for (const t of tables)
    if (!t.hasTenant && !global.has(t.name))
      out.push(`${t.name}: no ${DISTRIBUTION_COLUMN} column, and not a reference table`);

  // primary keys, unique constraints, unique indexes (partial ones too) and exclusion constraints
  const keys = await sql<KeyRow>`
    select t.relname as table_name, i.relname as index_name,
           case when x.indisprimary then 'primary key' when x.indisexclusion then 'exclusion constraint'
                when con.oid is not null then 'unique constraint' else 'unique index' end as kind,
           exists (select 1 from pg_attribute a where a.attrelid = t.oid and a.attname = ${DISTRIBUTION_COLUMN}
                    and a.attnum = any (x.indkey::int2[])) as has_tenant
      from (${userTables}) t
      join pg_index x on x.indrelid = t.oid
      join pg_class i on i.oid = x.indexrelid
      left join pg_constraint con on con.conindid = x.indexrelid and con.conrelid = t.oid
     where x.indisunique or x.indisexclusion
     order by 1, 2`.execute(db);
  for (const k of keys.rows)
    if (!global.has(k.table_name) && !k.has_tenant)
      out.push(`${k.table_name}: ${k.kind} ${k.index_name} lacks ${DISTRIBUTION_COLUMN}`);

  // foreign keys: between two distributed tables, client_id on both sides, matched to each other
  const fks = await sql<FkRow>`
    select f.relname as table_name, r.relname as ref_name, con.conname as fk_name,
           exists (select 1 from unnest(con.conkey, con.confkey) as p(k, fk)
                    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = p.k
                    join pg_attribute b on b.attrelid = con.confrelid and b.attnum = p.fk
                   where a.attname = ${DISTRIBUTION_COLUMN} and b.attname = ${DISTRIBUTION_COLUMN}) as carries
      from pg_constraint con
      join (${userTables}) f on f.oid = con.conrelid
      join pg_class r on r.oid = con.confrelid
     where con.contype = 'f'
     order by 1, 3`.execute(db);
  for (const fk of fks.rows) {
    const fromGlobal = global.has(fk.table_name);
    const toGlobal = global.has(fk.ref_name);
    if (fromGlobal && !toGlobal)
      out.push(`${fk.table_name}: foreign key ${fk.fk_name} from a reference table to a distributed table`);
    else if (!fromGlobal && !toGlobal && !fk.carries)
      out.push(
        `${fk.table_name}: foreign key ${fk.fk_name} does not carry ${DISTRIBUTION_COLUMN} on both sides`,
      );
  }
  return out;
}

/** `schema.table` as a regclass literal's text: each part quoted where PostgreSQL would need it. */
export function qualifiedName(schema: string, table: string): string {
  const id = (x: string) => (/^[a-z_][a-z0-9_]*$/.test(x) ? x : `"${x.replaceAll('"', '""')}"`);
  return `${id(schema)}.${id(table)}`;
}

/**
 * The Citus statements that distribute the current schema's tables (Baton's only, each qualified by
 * its schema): reference tables first, then clients, then every other table by client_id
 * co-located with clients, each after the tables it references (Citus refuses a foreign key to a
 * table it does not distribute yet). `baton db distribute` (src/db/distribute.ts) runs them.
 */
export async function distributionPlanSql(
  db: Kysely<any>,
  reference: readonly string[] = REFERENCE_TABLES,
): Promise<string[]> {
  const global = new Set(reference);
  const tables = (await readTables(db)).map((t) => t.name).filter((t) => !global.has(t));
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0].s;
  const deps = await sql<{ table_name: string; ref_name: string }>`
    select distinct f.relname as table_name, r.relname as ref_name
      from pg_constraint con join pg_class f on f.oid = con.conrelid join pg_class r on r.oid = con.confrelid
     where con.contype = 'f' and con.conrelid <> con.confrelid
       and f.relnamespace = current_schema()::regnamespace`.execute(db);
  const refsOf = new Map<string, string[]>();
  for (const d of deps.rows) refsOf.set(d.table_name, [...(refsOf.get(d.table_name) ?? []), d.ref_name]);
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t) || global.has(t)) return;
    seen.add(t);
    for (const r of refsOf.get(t) ?? []) visit(r);
    ordered.push(t);
  };
  visit(COLOCATION_ANCHOR);
  for (const t of tables) visit(t);
  const lit = (t: string) => `'${qualifiedName(schema, t).replaceAll("'", "''")}'`;
  return [
    ...reference.map((t) => `select create_reference_table(${lit(t)});`),
    ...ordered.map((t) =>
      t === COLOCATION_ANCHOR
        ? `select create_distributed_table(${lit(t)}, '${DISTRIBUTION_COLUMN}');`
        : `select create_distributed_table(${lit(t)}, '${DISTRIBUTION_COLUMN}', colocate_with => ${lit(COLOCATION_ANCHOR)});`,
    ),
  ];
}
