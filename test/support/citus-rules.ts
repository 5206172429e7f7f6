// Citus's rules where CI runs (issue 57; docs/scaling.md "Citus's rules"). Citus cannot be installed
// from the registries CI reaches, so the cluster broke silently twice (0334, 0335): what Citus refuses
// and this repository has already hit is read here off a migrated schema (PGlite or PostgreSQL) and
// off the sources, by test/foundation/citus-rules.test.ts. Each rule names the Citus error it
// prevents. The checks are static and conservative: a line is a place to look at, and a place that is
// right for a reason the check cannot see is listed in EXCEPTIONS with that reason.
import fs from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import {
  COLOCATION_ANCHOR,
  DISTRIBUTION_COLUMN,
  distributionPlanSql,
  readTables,
} from "../../src/db/tenant-keys.ts";

export const CITUS_RULES = {
  "generic-plan": {
    rule: "no function that reads a tenant table runs with plan_cache_mode = force_generic_plan",
    error:
      "could not create distributed plan (0A000): Citus plans a query whose tenant is a parameter only with the parameter bound (0335: no event could be written)",
  },
  "trigger-tenant": {
    rule: "a trigger function (and what it calls) reads and writes other tenant tables only by the row's tenant (client_id = …)",
    error:
      'the trigger runs on the worker that holds the shard; a query there without the tenant goes to every node, and the worker refuses to PREPARE: "cannot use 2PC in transactions involving multiple servers"',
  },
  colocation: {
    rule: "every distributed table is distributed by client_id and co-located with clients, so an INSERT … SELECT or a join between two of them stays on one node",
    error:
      '"INSERT … SELECT … between distributed tables that are not colocated" is run through the coordinator (a second connection, two-phase commit), and joins of non-co-located tables fail: "complex joins are only supported when all distributed tables are co-located and joined on their distribution columns"',
  },
  "statement-tenant": {
    rule: "a statement of Baton's SQL (the sources' sql`…` texts, the functions' bodies) that reads or writes a tenant table names the tenant (client_id)",
    error:
      "without the tenant Citus sends it to every shard: FOR UPDATE fails (could not run distributed query with FOR UPDATE/SHARE commands), a correlated subquery may not be planned, and a transaction that touched two nodes commits in two phases",
  },
  "set-config": {
    rule: "who is acting and the owner's switches are SET LOCAL, never set_config(); a set_config() of the application is local (is_local true)",
    error:
      "Citus forwards SET LOCAL to the workers (citus.propagate_set_commands = 'local') and never a set_config() call: the triggers on the workers do not see the setting (PLAY_NO_ACTOR on the first write to plays); a session-wide set_config outlives the transaction in a pooled connection",
  },
  "application-name": {
    rule: "application_name is set in a statement of its own that reads no table (src/db/name-worker.ts)",
    error:
      "in a statement routed to a worker it renames the coordinator's connection there; Citus then takes it for a client's, and a transaction whose triggers ran a query may not PREPARE: \"cannot use 2PC in transactions involving multiple servers\" (every engine step failed at COMMIT)",
  },
  "column-grant": {
    rule: "no GRANT or REVOKE names a column list (a trigger keeps columns instead: 0350's baton_credentials_keep_columns)",
    error:
      "grant/revoke on column list is currently unsupported (Citus, on a distributed table): `baton db grant-runtime` failed on a cluster (issue 58)",
  },
} as const;
export type CitusRule = keyof typeof CITUS_RULES;

/** GRANT/REVOKE with a column list: `grant update (a, b) on t`, `revoke select (a) on t`. */
const COLUMN_GRANT = /\b(?:grant|revoke)\s+(?:[a-z]+\s*,\s*)*[a-z]+\s*\([^)]*\)\s*on\b/gi;

/**
 * Column-list grants in any text (`files`: the sources and the migrations, as they are written);
 * `where` is relative to `base`.
 */
export function columnGrantViolations(
  files: readonly { file: string; text: string }[],
  base: string,
): Violation[] {
  const out: Violation[] = [];
  for (const { file, text } of files)
    for (const m of text.matchAll(COLUMN_GRANT)) {
      const line = text.slice(0, m.index).split("\n").length;
      out.push({
        rule: "column-grant",
        where: `${path.relative(base, file)}:${line}`,
        what: m[0].replace(/\s+/g, " "),
      });
    }
  return out.filter((v) => !excepted(v));
}

/** Places that are right for a reason the static check cannot see: `rule|where|table`, and why. */
export const EXCEPTIONS: Readonly<Record<string, string>> = {
  "trigger-tenant|baton_event_log_keeps_parent|cadence_event_log":
    "its TRUNCATE branch (statement level, fired by TRUNCATE contacts or clients only): a TRUNCATE is the whole table's, an operator's statement and never a step's (docs/scaling.md)",
  "statement-tenant|baton_event_log_keeps_parent|cadence_event_log":
    "its TRUNCATE branch, as for trigger-tenant",
  "statement-tenant|src/prospects/purge-retention.ts|campaign_contacts":
    "the retention sweep: its `tenant` fragment is `client_id = $1` for one tenant, `true` for every tenant (a sweep across tenants, docs/scaling.md What remains 5)",
  "statement-tenant|src/prospects/purge-retention.ts|sales_send_queue": "the retention sweep, as above",
  "statement-tenant|src/prospects/purge-retention.ts|campaign_replies": "the retention sweep, as above",
  "statement-tenant|src/prospects/purge-retention.ts|staged_drafts": "the retention sweep, as above",
  "statement-tenant|src/prospects/purge-retention.ts|dev_email_outbox": "the retention sweep, as above",
  "statement-tenant|src/prospects/purge-retention.ts|engine_rep_tasks": "the retention sweep, as above",
  "statement-tenant|src/prospects/purge-retention.ts|signals": "the retention sweep, as above",
  "statement-tenant|src/prospects/purge-retention.ts|signal_visitor_events": "the retention sweep, as above",
  // reads across tenants, outside any tenant's transaction and without row locks: Citus runs them on
  // every shard, which is what they ask
  "statement-tenant|src/channels/sending-domains.ts|mailbox_inboxes":
    "`baton doctor` reads every tenant's sending domains (its `tenant` fragment is `true` then, `client_id = $1` for one tenant)",
  "statement-tenant|src/channels/sending-domains.ts|campaign_mailboxes": "as for mailbox_inboxes",
  "statement-tenant|src/channels/sending-domains.ts|mailbox_limits": "as for mailbox_inboxes",
  "statement-tenant|src/channels/sending-domains.ts|dkim_keys": "as for mailbox_inboxes",
  "statement-tenant|src/engine/next-wake.ts|campaign_contacts":
    "the simulation's and the tests' next wake: one tenant's (`tenant` fragment) or, without one, every tenant's earliest due time, read only",
  "statement-tenant|src/engine/next-wake.ts|sales_send_queue": "as for campaign_contacts",
  "statement-tenant|src/metrics/sample-gauges.ts|campaign_contacts":
    "/metrics: the backlogs of the whole database (counts, read only, every tenant by design)",
  "statement-tenant|src/metrics/sample-gauges.ts|sales_send_queue": "as for campaign_contacts",
  "statement-tenant|src/metrics/sample-gauges.ts|crm_outbox": "as for campaign_contacts",
  "statement-tenant|src/metrics/sample-gauges.ts|notification_deliveries": "as for campaign_contacts",
};

export interface Violation {
  rule: CitusRule;
  /** a function of the schema, or a source file with its line */
  where: string;
  table?: string;
  what: string;
}

const READS_OR_WRITES = /\b(?:from|join|update|into)\s+"?([a-z_][a-z0-9_]*)"?/gi;

/** The tenant tables a SQL text names after from, join, update or into. */
function tablesIn(text: string, tenant: ReadonlySet<string>): string[] {
  return [...new Set([...text.matchAll(READS_OR_WRITES)].map((m) => m[1].toLowerCase()))].filter((t) =>
    tenant.has(t),
  );
}

/** A plpgsql body's statements, comments removed (a `;` ends one; dynamic SQL stays in its statement). */
function statementsOf(body: string): string[] {
  return body
    .replace(/--[^\n]*/g, "")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}

function excepted(v: Violation): boolean {
  return `${v.rule}|${v.where.replace(/:\d+$/, "")}|${v.table ?? ""}` in EXCEPTIONS;
}

interface FunctionRow {
  name: string;
  body: string;
  config: string[] | null;
  is_trigger: boolean;
  truncate_only: boolean;
}

/** What the migrated schema of `db` breaks of Citus's rules (generic-plan, trigger-tenant, statement-tenant in functions, set-config in functions, colocation). */
export async function schemaViolations(db: Kysely<any>): Promise<Violation[]> {
  const tables = await readTables(db);
  const tenant = new Set(tables.filter((t) => t.hasTenant).map((t) => t.name));
  // plpgsql and SQL functions of Baton's schema (not an extension's), and whether a trigger runs them
  // for rows (INSERT, UPDATE, DELETE: a step's paths) or only for TRUNCATE (tgtype bits 4, 8, 16)
  const r = await sql<FunctionRow>`
    select p.proname as name, p.prosrc as body, p.proconfig as config,
           exists (select 1 from pg_trigger t where t.tgfoid = p.oid and not t.tgisinternal) as is_trigger,
           exists (select 1 from pg_trigger t where t.tgfoid = p.oid and not t.tgisinternal)
             and not exists (select 1 from pg_trigger t where t.tgfoid = p.oid and not t.tgisinternal
                              and (t.tgtype::int & 28) <> 0) as truncate_only
      from pg_proc p join pg_language l on l.oid = p.prolang
     where p.pronamespace = current_schema()::regnamespace and l.lanname in ('plpgsql', 'sql')
       and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                        and d.deptype = 'e')
     order by p.proname`.execute(db);
  const functions = r.rows;
  const byName = new Map(functions.map((f) => [f.name, f]));
  // what a trigger function calls runs where the trigger does: one level of Baton's own functions
  const onWorker = new Set<string>();
  for (const f of functions.filter((f) => f.is_trigger && !f.truncate_only)) {
    onWorker.add(f.name);
    for (const m of f.body.matchAll(/\b([a-z_][a-z0-9_]*)\s*\(/gi))
      if (byName.has(m[1].toLowerCase())) onWorker.add(m[1].toLowerCase());
  }
  const out: Violation[] = [];
  for (const f of functions) {
    const touched = tablesIn(f.body, tenant);
    const generic =
      (f.config ?? []).some((c) => /^plan_cache_mode=force_generic_plan$/i.test(c)) ||
      /plan_cache_mode\s*(=|to)\s*'?force_generic_plan/i.test(f.body);
    if (generic && touched.length > 0)
      out.push({
        rule: "generic-plan",
        where: f.name,
        what: `runs with plan_cache_mode = force_generic_plan and reads ${touched.join(", ")}`,
      });
    if (/\bset_config\s*\(/i.test(f.body))
      out.push({
        rule: "set-config",
        where: f.name,
        what: "calls set_config(): Citus forwards SET LOCAL to the workers, never set_config",
      });
    for (const statement of statementsOf(f.body)) {
      if (/client_id/i.test(statement)) continue;
      for (const table of tablesIn(statement, tenant)) {
        const what = `reads or writes ${table} without the tenant: ${statement.replace(/\s+/g, " ").slice(0, 120)}`;
        if (onWorker.has(f.name)) out.push({ rule: "trigger-tenant", where: f.name, table, what });
        out.push({ rule: "statement-tenant", where: f.name, table, what });
      }
    }
  }
  // every distributed table by client_id, co-located with the anchor
  for (const statement of await distributionPlanSql(db)) {
    if (statement.includes("create_reference_table")) continue;
    const table = /'(?:[^.']+\.)?([^']+)'/.exec(statement)?.[1] ?? "?";
    const byTenant = statement.includes(`'${DISTRIBUTION_COLUMN}'`) && tenant.has(table);
    const colocated = table === COLOCATION_ANCHOR || statement.includes(`.${COLOCATION_ANCHOR}'`);
    if (!byTenant || !colocated)
      out.push({
        rule: "colocation",
        where: table,
        what: `not distributed by its ${DISTRIBUTION_COLUMN} with ${COLOCATION_ANCHOR} (no such column, or another co-location): ${statement}`,
      });
  }
  return out.filter((v) => !excepted(v));
}

/** The sql`…` template texts of a TypeScript source, each with its line; a nested template is in its outer one's text and on its own. */
export function sqlTemplates(source: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  // kysely's sql`…`, typed or not (sql<Row>`…`); not mysql`…`
  for (const m of source.matchAll(/(?<![\w$])sql(?:<[^`]*?>)?`/g)) {
    const at = m.index;
    const start = at + m[0].length;
    let i = start;
    let depth = 0;
    const stack: number[] = [];
    while (i < source.length) {
      const ch = source[i];
      if (ch === "\\") {
        i += 2;
        continue;
      }
      if (ch === "`") {
        if (stack.length > 0 && stack[stack.length - 1] === depth) {
          stack.pop(); // a nested template ends
        } else if (depth === 0) break;
        else stack.push(depth); // a nested template starts
      } else if (ch === "$" && source[i + 1] === "{") {
        depth++;
        i += 2;
        continue;
      } else if (ch === "}" && depth > 0 && (stack.length === 0 || stack[stack.length - 1] < depth)) depth--;
      i++;
    }
    // the templates nested in this one are read on their own too (the loop goes on from its start)
    out.push({ text: source.slice(start, i), line: source.slice(0, at).split("\n").length });
  }
  return out;
}

/** Baton's TypeScript sources under `root` (src/), tests left out. */
export function sourceFiles(root: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith(".d.ts"))
        out.push({ file: p, text: fs.readFileSync(p, "utf8") });
    }
  };
  walk(root);
  return out;
}

/**
 * What the sources' SQL texts break (statement-tenant, set-config, application-name). `files` as
 * sourceFiles gives them; `where` is relative to `base`.
 */
export function sourceViolations(
  files: readonly { file: string; text: string }[],
  tenantTables: ReadonlySet<string>,
  base: string,
): Violation[] {
  const out: Violation[] = [];
  for (const { file, text } of files) {
    const rel = path.relative(base, file);
    for (const t of sqlTemplates(text)) {
      const where = `${rel}:${t.line}`;
      const touched = tablesIn(t.text, tenantTables);
      if (touched.length > 0 && !/client_id/i.test(t.text))
        for (const table of touched)
          out.push({ rule: "statement-tenant", where, table, what: `names ${table} without client_id` });
      for (const m of t.text.matchAll(/set_config\s*\(\s*'([^']*)'([^;]*)/gi)) {
        const name = m[1].toLowerCase();
        if (name !== "application_name")
          out.push({
            rule: "set-config",
            where,
            what: `set_config('${name}', …): a SET LOCAL (src/db/actor-context.ts)`,
          });
        else if (!/,\s*true\s*\)/i.test(m[2]))
          out.push({
            rule: "set-config",
            where,
            what: "set_config('application_name', …) for the session: is_local true",
          });
        if (name === "application_name" && touched.length > 0)
          out.push({
            rule: "application-name",
            where,
            what: `sets application_name in a statement that reads ${touched.join(", ")}`,
          });
      }
    }
  }
  return out.filter((v) => !excepted(v));
}

/** One line a violation: `rule where [table]: what`. */
export function describeViolation(v: Violation): string {
  return `${v.rule} ${v.where}${v.table ? ` [${v.table}]` : ""}: ${v.what}`;
}
