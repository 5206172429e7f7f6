// The safety net under erasure: after the targeted steps (erase-contact.ts), every text, varchar,
// jsonb and text[] column of every tenant table (information_schema, so tables added later are
// covered without a change here) is searched for the person's identifiers, and each hit is
// replaced. Runs inside the erasure's transaction. A table that refuses the update fails the whole
// erasure (ERASURE_INCOMPLETE, rolled back): an erasure that reported success while a table kept the
// person's words would be a silent breach (on Citus the sweep's statements once failed that way and
// were swallowed). Tables that may not change (append-only logs) are on SKIP, by name.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";

/**
 * Tables this sweep leaves alone: the erasure's own records, append-only logs that hold no prospect
 * data by design, the event log, which baton_erase_contacts (0200) sweeps (only that owner's
 * function may change it), and the credentials of the people who sign in (sessions, api_tokens,
 * and the record of each OAuth access token, oauth_access_token_issues): staff's, never a
 * prospect's, and opened only through the doors of 0350 and 0476, the runtime role writing no
 * column of theirs but sign-out and last use (issue 58), and none of the OAuth record.
 */
const SKIP = new Set([
  "erasure_log",
  "suppressions",
  "baton_migrations",
  "audit_log",
  "plays_archive",
  "cadence_event_log",
  "sessions",
  "api_tokens",
  "oauth_access_token_issues",
]);

export interface SweepResult {
  /** table → rows changed */
  redacted: Record<string, number>;
}

/** POSIX regular expression source matching any of the terms (case-insensitive at use). */
export function termsPattern(terms: string[]): string | null {
  const clean = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length >= 3))].sort(
    (a, b) => b.length - a.length,
  );
  if (clean.length === 0) return null;
  return clean.map((t) => t.replace(/[.^$*+?()[\]{}|\\-]/g, (c) => `\\${c}`)).join("|");
}

export async function redactEverywhere(
  tx: Kysely<DB>,
  clientId: string,
  pattern: string,
  replacement: string,
): Promise<SweepResult> {
  const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t
        on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.table_schema = current_schema()
       and (c.data_type in ('text', 'character varying', 'jsonb')
            or (c.data_type = 'ARRAY' and c.udt_name in ('_text', '_varchar')))
       and c.is_generated = 'NEVER'
       and exists (select 1 from information_schema.columns k
                    where k.table_schema = c.table_schema and k.table_name = c.table_name and k.column_name = 'client_id')
     order by c.table_name, c.ordinal_position`.execute(tx);
  const byTable = new Map<string, { column: string; type: string }[]>();
  for (const c of cols.rows) {
    if (SKIP.has(c.table_name) || c.column_name === "client_id") continue;
    byTable.set(c.table_name, [
      ...(byTable.get(c.table_name) ?? []),
      { column: c.column_name, type: c.data_type },
    ]);
  }
  const out: SweepResult = { redacted: {} };
  const text = (col: string, type: string) =>
    type === "jsonb"
      ? sql`${sql.ref(col)}::text`
      : type === "ARRAY"
        ? sql`baton_join_texts(${sql.ref(col)}::text[])` // IMMUTABLE (0321): Citus refuses a STABLE one here
        : sql.ref(col);
  for (const [table, columns] of byTable) {
    const anyHit = sql.join(
      columns.map((c) => sql`${text(c.column, c.type)} ~* ${pattern}::text`),
      sql` or `,
    );
    const sets = sql.join(
      columns.map((c) => {
        const ref = sql.ref(c.column);
        const replaced = sql`regexp_replace(${text(c.column, c.type)}, ${pattern}::text, ${replacement}::text, 'gi')`;
        const value =
          c.type === "jsonb"
            ? sql`${replaced}::jsonb`
            : c.type === "ARRAY"
              ? sql`string_to_array(${replaced}, chr(31))`
              : replaced;
        return sql`${ref} = case when ${text(c.column, c.type)} ~* ${pattern}::text then ${value} else ${ref} end`;
      }),
      sql`, `,
    );
    let r: { numAffectedRows?: bigint };
    try {
      r =
        await sql`update ${sql.table(table)} set ${sets} where client_id = ${clientId}::text and (${anyHit})`.execute(
          tx,
        );
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "40P01" || code === "40001") throw e; // a lock conflict: the erasure retries whole
      throw new BatonError("ERASURE_INCOMPLETE", { table, reason: (e as Error).message });
    }
    const n = Number(r.numAffectedRows ?? 0);
    if (n > 0) out.redacted[table] = n;
  }
  return out;
}
