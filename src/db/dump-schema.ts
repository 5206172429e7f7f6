// The current schema as one text (issue 59 item 4): what db/migrations/ builds, read back from a
// migrated database's catalogs, so the definition of every table, index, constraint, trigger and
// function is one search away in db/schema.sql instead of spread over the migrations that redefined
// it. Read with catalog SQL, not pg_dump (a bare machine runs PGlite only, which has none), in a form
// that comes out byte-identical from PGlite (PostgreSQL 18) and a PostgreSQL 15 server: no OIDs or
// owners, privileges only where migrations set them (functions' EXECUTE), every list sorted by name. Where 15 and 18 store a thing differently it is
// read one way for both (see notNullConstraint and statisticsTarget below).
import { type Kysely, sql } from "kysely";

/** The schema Baton's migrations create everything in. */
const SCHEMA = "public";

/** Objects an extension made belong to the extension's own definition, not to ours. */
const NOT_FROM_EXTENSION = (classTable: string, oidColumn: string) =>
  sql.raw(`not exists (select from pg_depend e where e.classid = '${classTable}'::regclass
     and e.objid = ${oidColumn} and e.deptype = 'e')`);

interface Named {
  name: string;
}

async function rows<T>(db: Kysely<any>, query: ReturnType<typeof sql<T>>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

/** A name as SQL writes it: quoted only when it must be. */
function q(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

async function extensions(db: Kysely<any>): Promise<string[]> {
  const list = await rows<Named>(db, sql`select extname as name from pg_extension order by 1`);
  return list.map((e) => `create extension if not exists ${q(e.name)};`);
}

interface SequenceRow extends Named {
  type: string;
  increment: string;
  min: string;
  max: string;
  start: string;
  cache: string;
  cycle: boolean;
  owned_by: string | null;
}

/** Free-standing sequences; an identity column's own sequence is part of its column. */
async function sequences(db: Kysely<any>): Promise<string[]> {
  const list = await rows<SequenceRow>(
    db,
    sql`select c.relname as name, format_type(s.seqtypid, null) as type, s.seqincrement::text as increment,
               s.seqmin::text as min, s.seqmax::text as max, s.seqstart::text as start,
               s.seqcache::text as cache, s.seqcycle as cycle,
               (select t.relname || '.' || a.attname from pg_depend d
                  join pg_class t on t.oid = d.refobjid
                  join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
                 where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'a') as owned_by
          from pg_sequence s join pg_class c on c.oid = s.seqrelid
         where c.relnamespace = ${SCHEMA}::regnamespace
           and not exists (select from pg_depend d where d.classid = 'pg_class'::regclass
                             and d.objid = c.oid and d.deptype = 'i')
           and ${NOT_FROM_EXTENSION("pg_class", "c.oid")}
         order by 1`,
  );
  return list.map(
    (s) =>
      `create sequence ${q(s.name)} as ${s.type} increment by ${s.increment} minvalue ${s.min} maxvalue ${s.max}` +
      ` start with ${s.start} cache ${s.cache}${s.cycle ? " cycle" : ""}` +
      `${s.owned_by ? ` owned by ${s.owned_by}` : ""};`,
  );
}

interface ColumnRow {
  table_name: string;
  name: string;
  type: string;
  collation: string | null;
  default_value: string | null;
  identity: string;
  generated: string;
  not_null: boolean;
  statistics: number;
  options: string[] | null;
  comment: string | null;
}

interface TableRow extends Named {
  unlogged: boolean;
  options: string[] | null;
  comment: string | null;
}

interface ConstraintRow {
  table_name: string;
  name: string;
  definition: string;
}

/**
 * Tables with their columns and constraints. PostgreSQL 18 keeps NOT NULL as pg_constraint rows
 * (contype 'n') as well as attnotnull; 15 has attnotnull only: the columns print `not null` from
 * attnotnull and the 'n' rows are left out, so both read the same. A column's statistics target is
 * -1 for the default on 15 and null on 17+: both print nothing. The PostgreSQL 15 server here stamps
 * every column with an attribute option `pg_attver=<number>` that differs between databases (not a
 * setting of ours, and not in PGlite): it is left out.
 */
async function tables(db: Kysely<any>): Promise<string[]> {
  const list = await rows<TableRow>(
    db,
    sql`select c.relname as name, c.relpersistence = 'u' as unlogged, c.reloptions as options,
               obj_description(c.oid, 'pg_class') as comment
          from pg_class c
         where c.relnamespace = ${SCHEMA}::regnamespace and c.relkind in ('r', 'p')
           and ${NOT_FROM_EXTENSION("pg_class", "c.oid")}
         order by 1`,
  );
  const columns = await rows<ColumnRow>(
    db,
    sql`select c.relname as table_name, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
               case when a.attcollation <> t.typcollation then co.collname end as collation,
               pg_get_expr(d.adbin, d.adrelid) as default_value, a.attidentity as identity,
               a.attgenerated as generated, a.attnotnull as not_null,
               coalesce(a.attstattarget::int, -1) as statistics,
               nullif(array(select o from unnest(a.attoptions) o where o not like 'pg\\_attver=%' order by o collate "C"),
                      '{}') as options,
               col_description(a.attrelid, a.attnum) as comment
          from pg_attribute a join pg_class c on c.oid = a.attrelid
          join pg_type t on t.oid = a.atttypid
          left join pg_collation co on co.oid = a.attcollation
          left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
         where c.relnamespace = ${SCHEMA}::regnamespace and c.relkind in ('r', 'p')
           and a.attnum > 0 and not a.attisdropped
         order by c.relname, a.attnum`,
  );
  const constraints = await rows<ConstraintRow>(
    db,
    sql`select c.relname as table_name, k.conname as name, pg_get_constraintdef(k.oid, true) as definition
          from pg_constraint k join pg_class c on c.oid = k.conrelid
         where c.relnamespace = ${SCHEMA}::regnamespace and k.contype <> 'n'
         order by c.relname, k.conname`,
  );
  return list.map((t) => {
    const lines = [
      ...columns.filter((c) => c.table_name === t.name).map(columnLine),
      ...constraints
        .filter((k) => k.table_name === t.name)
        .map((k) => `constraint ${q(k.name)} ${k.definition}`),
    ];
    const after = columns
      .filter((c) => c.table_name === t.name)
      .flatMap((c) => [
        ...(c.statistics >= 0
          ? [`alter table ${q(t.name)} alter column ${q(c.name)} set statistics ${c.statistics};`]
          : []),
        ...(c.options
          ? [`alter table ${q(t.name)} alter column ${q(c.name)} set (${c.options.join(", ")});`]
          : []),
        ...(c.comment !== null
          ? [`comment on column ${q(t.name)}.${q(c.name)} is ${literal(c.comment)};`]
          : []),
      ]);
    const head = `create ${t.unlogged ? "unlogged " : ""}table ${q(t.name)} (`;
    const tail = `)${t.options ? ` with (${t.options.join(", ")})` : ""};`;
    const comment = t.comment === null ? [] : [`comment on table ${q(t.name)} is ${literal(t.comment)};`];
    return [head, lines.map((l) => `  ${l}`).join(",\n"), tail, ...after, ...comment].join("\n");
  });
}

function columnLine(c: ColumnRow): string {
  const parts = [q(c.name), c.type];
  if (c.collation) parts.push(`collate ${q(c.collation)}`);
  if (c.generated === "s") parts.push(`generated always as (${c.default_value}) stored`);
  else if (c.default_value !== null) parts.push(`default ${c.default_value}`);
  if (c.identity === "a") parts.push("generated always as identity");
  if (c.identity === "d") parts.push("generated by default as identity");
  if (c.not_null) parts.push("not null");
  return parts.join(" ");
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

interface DefinitionRow {
  definition: string;
}

/** Indexes that no constraint owns (a primary key's or a unique constraint's is in its table). */
async function indexes(db: Kysely<any>): Promise<string[]> {
  const list = await rows<DefinitionRow>(
    db,
    sql`select pg_get_indexdef(i.indexrelid) as definition
          from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
         where c.relnamespace = ${SCHEMA}::regnamespace
           and not exists (select from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = i.indrelid)
         order by t.relname, c.relname`,
  );
  return list.map((i) => `${i.definition};`);
}

async function views(db: Kysely<any>): Promise<string[]> {
  const list = await rows<Named & DefinitionRow & { materialized: boolean }>(
    db,
    sql`select c.relname as name, c.relkind = 'm' as materialized, pg_get_viewdef(c.oid, true) as definition
          from pg_class c
         where c.relnamespace = ${SCHEMA}::regnamespace and c.relkind in ('v', 'm')
           and ${NOT_FROM_EXTENSION("pg_class", "c.oid")}
         order by 1`,
  );
  return list.map(
    (v) => `create ${v.materialized ? "materialized " : ""}view ${q(v.name)} as\n${v.definition.trimEnd()}`,
  );
}

interface FunctionRow extends DefinitionRow {
  comment: string | null;
  signature: string;
  kind: string;
  /** EXECUTE taken from PUBLIC (`revoke execute … from public`, as the owner-only functions do) */
  revoked: boolean;
  /** roles other than the owner granted EXECUTE (the owner's name varies between databases) */
  grantees: string[];
}

/**
 * Functions and procedures, ordered by name and then by their argument types (in the C collation:
 * a server's default collation may sort punctuation otherwise), with their comments and who may
 * execute them.
 */
async function functions(db: Kysely<any>): Promise<string[]> {
  const list = await rows<FunctionRow>(
    db,
    sql`select pg_get_functiondef(p.oid) as definition, obj_description(p.oid, 'pg_proc') as comment,
               p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as signature,
               case p.prokind when 'p' then 'procedure' else 'function' end as kind,
               p.proacl is not null and not exists (select from aclexplode(p.proacl) x
                 where x.grantee = 0 and x.privilege_type = 'EXECUTE') as revoked,
               array(select pg_get_userbyid(x.grantee)::text collate "C" from aclexplode(p.proacl) x
                      where x.grantee not in (0, p.proowner) and x.privilege_type = 'EXECUTE'
                      order by 1) as grantees
          from pg_proc p
         where p.pronamespace = ${SCHEMA}::regnamespace and p.prokind in ('f', 'p')
           and ${NOT_FROM_EXTENSION("pg_proc", "p.oid")}
         order by p.proname, pg_get_function_identity_arguments(p.oid) collate "C"`,
  );
  return list.map((f) =>
    [
      `${f.definition.trimEnd()};`,
      ...(f.comment === null ? [] : [`comment on ${f.kind} ${f.signature} is ${literal(f.comment)};`]),
      ...(f.revoked ? [`revoke execute on ${f.kind} ${f.signature} from public;`] : []),
      ...f.grantees.map((role) => `grant execute on ${f.kind} ${f.signature} to ${q(role)};`),
    ].join("\n"),
  );
}

async function triggers(db: Kysely<any>): Promise<string[]> {
  const list = await rows<DefinitionRow>(
    db,
    sql`select pg_get_triggerdef(g.oid, true) as definition
          from pg_trigger g join pg_class c on c.oid = g.tgrelid
         where c.relnamespace = ${SCHEMA}::regnamespace and not g.tgisinternal
         order by c.relname, g.tgname`,
  );
  return list.map((g) => `${g.definition};`);
}

/**
 * The migrated schema of `db` as db/schema.sql's text (after its header): extensions, sequences,
 * tables with their columns and constraints, indexes, views, functions, triggers.
 */
export async function dumpSchema(db: Kysely<any>): Promise<string> {
  const sections: [string, string[]][] = [
    ["extensions", await extensions(db)],
    ["sequences", await sequences(db)],
    ["tables", await tables(db)],
    ["indexes", await indexes(db)],
    ["views", await views(db)],
    ["functions", await functions(db)],
    ["triggers", await triggers(db)],
  ];
  return sections
    .filter(([, items]) => items.length > 0)
    .map(([title, items]) => `-- ${title}\n\n${items.join("\n\n")}\n`)
    .join("\n");
}

/** db/schema.sql's header: what the file is and how it is made. */
export const SCHEMA_FILE_HEADER = `-- db/schema.sql: GENERATED, do not edit. The schema db/migrations/ builds, read from a freshly
-- migrated database's catalogs by src/db/dump-schema.ts, sorted by name; no owners, and no table
-- privileges (the runtime role's are granted at run time: src/db/grant-runtime.ts).
-- Regenerate after adding a migration: npm run db:schema
-- test/foundation/schema-file.test.ts fails when this file and the migrations disagree.
`;

/** db/schema.sql's whole text for the migrated database `db`. */
export async function schemaFile(db: Kysely<any>): Promise<string> {
  return `${SCHEMA_FILE_HEADER}\n${await dumpSchema(db)}`;
}
