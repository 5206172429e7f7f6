// Least privilege (issue 11): grants the runtime role (the one DATABASE_URL connects as) exactly what
// the server and the workers need, run as the schema's owner: read and write rows of every table,
// use the sequences, and the same on tables later migrations create (ALTER DEFAULT PRIVILEGES). The
// runtime role owns nothing, so it cannot disable a trigger, alter or truncate a table.
import { type Kysely, sql } from "kysely";
import { BatonError } from "../errors/baton-error.ts";

export interface GrantReport {
  role: string;
  schema: string;
  tables: number;
  sequences: number;
  statements: string[];
  /** whether the runtime role can still create temporary tables (it must not: see below) */
  temporary: boolean;
  warnings: string[];
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The statements grantRuntime runs (docs/operations.md "Database roles" shows the same). */
export function runtimeGrants(role: string, schema = "public"): string[] {
  const r = `"${role}"`;
  const s = `"${schema}"`;
  return [
    `grant usage on schema ${s} to ${r}`,
    `grant select, insert, update, delete on all tables in schema ${s} to ${r}`,
    `grant usage, select on all sequences in schema ${s} to ${r}`,
    `grant execute on all functions in schema ${s} to ${r}`,
    `alter default privileges in schema ${s} grant select, insert, update, delete on tables to ${r}`,
    `alter default privileges in schema ${s} grant usage, select on sequences to ${r}`,
    `alter default privileges in schema ${s} grant execute on functions to ${r}`,
    // issue 58 (0350): sessions and tokens open through baton_open_session / baton_issue_token only,
    // which record the opening; the runtime role writes just sign-out, revocation and last use (a
    // trigger keeps the other columns: Citus refuses column grants on a distributed table), so it
    // cannot mint a credential row, re-point a hash, or backdate one. It keeps SELECT: a hash does
    // not give back the secret the plays rules ask for.
    `revoke insert, delete on ${s}.sessions, ${s}.api_tokens from ${r}`,
    // 0476: every OAuth access token issued is recorded (baton_store_access_token) and the record kept
    `revoke insert, update, delete on ${s}.oauth_access_token_issues from ${r}`,
  ];
}

/** The revokes that keep temporary tables from the runtime role (the database's owner runs them). */
export function temporaryRevokes(role: string, database: string): string[] {
  const d = `"${database.replace(/"/g, '""')}"`;
  return [
    `revoke temporary on database ${d} from public`,
    `revoke temporary on database ${d} from "${role}"`,
  ];
}

export async function grantRuntime(db: Kysely<any>, role: string, schema = "public"): Promise<GrantReport> {
  const errors: { path: string; message: string }[] = [];
  if (!ROLE_NAME.test(role)) errors.push({ path: "--role", message: "must be a lower-case SQL identifier" });
  if (!ROLE_NAME.test(schema))
    errors.push({ path: "--schema", message: "must be a lower-case SQL identifier" });
  if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
  const found = await sql<{ rolsuper: boolean; owns: number; is_me: boolean }>`
    select r.rolsuper, r.rolname = current_user as is_me,
      (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relowner = r.oid) as owns
    from pg_roles r where r.rolname = ${role}`.execute(db);
  const r = found.rows[0];
  if (!r)
    errors.push({
      path: "--role",
      message: `role ${role} does not exist; create it first (docs/operations.md)`,
    });
  else if (r.is_me) errors.push({ path: "--role", message: "is the role running this command (the owner)" });
  else if (r.rolsuper)
    errors.push({ path: "--role", message: "is a superuser; the runtime role must not be one" });
  else if (r.owns > 0)
    errors.push({ path: "--role", message: `owns ${r.owns} relations in ${schema}; it must own nothing` });
  if (errors.length) throw new BatonError("VALIDATION_FAILED", { errors });
  const statements = runtimeGrants(role, schema);
  // A GRANT rewrites each table's catalog row, and PostgreSQL refuses it ("tuple concurrently
  // updated", XX000) when ANALYZE (autovacuum's, or a session's) or another GRANT updates the same row
  // at that moment: seen once in the tests, where files share a database. The grants are idempotent,
  // so the whole transaction runs again.
  for (let attempt = 1; ; attempt++) {
    try {
      await db.transaction().execute(async (tx) => {
        for (const stmt of statements) await sql.raw(stmt).execute(tx);
      });
      break;
    } catch (e) {
      if (attempt === 5 || !/tuple concurrently updated/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
  // No temporary tables for the runtime role (issue 36 item 1): PostgreSQL looks a table name up in
  // the session's temporary schema first, so a temporary `principals` would stand in for the real
  // one inside the triggers and forge the roles they check. Only the database's owner may revoke it.
  const warnings: string[] = [];
  const database = (await sql<{ d: string }>`select current_database() as d`.execute(db)).rows[0].d;
  for (const stmt of temporaryRevokes(role, database)) {
    try {
      await sql.raw(stmt).execute(db);
    } catch (e) {
      warnings.push(`${stmt}: ${(e as Error).message}`);
    }
  }
  const temp = await sql<{ t: boolean }>`
    select has_database_privilege(${role}, current_database(), 'TEMPORARY') as t`.execute(db);
  const temporary = temp.rows[0].t;
  if (temporary)
    warnings.push(
      `${role} can still create temporary tables; as the database's owner run: ${temporaryRevokes(role, database).join("; ")}`,
    );
  const counts = await sql<{ tables: number; sequences: number }>`
    select count(*) filter (where c.relkind in ('r', 'p', 'v'))::int as tables,
           count(*) filter (where c.relkind = 'S')::int as sequences
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema}`.execute(db);
  return { role, schema, ...counts.rows[0], statements, temporary, warnings };
}
