// Every statement Kysely sends with parameters, from the second time this process sends its text,
// goes as a NAMED prepared statement: each connection parses, analyses and rewrites it once, and the
// server's plan cache may keep its plan (issue 14 items 2 and 7). Unnamed, PostgreSQL does all of
// that again at every call. prepared.ts names the coordinator's hottest statements by hand; this
// names the rest. Measured (docs/performance-journal.md 0l), the same reports: the quarter embedded 232 s
// against 341 s unnamed, on PostgreSQL 167 against 206 s; the engine's step 0.95× the CPU.
//
// What is left unnamed, and why:
// - A text seen once: a list of `$1 … $n` whose length varies, or an ad-hoc query, would only fill
//   every connection's memory with statements nobody runs again. The second sight names it.
// - A text with an `in` list of more than four parameters (`in ($2, $3, $4, $5, $6)`), or with
//   several rows of values: Kysely writes one parameter per element, so a list of 1 to 200 ids is 200
//   texts. In 30 days × 500 contacts of the simulator, such lengths made 86 of the 331 texts named;
//   they ran over many rows, where the planning is the smaller part. Up to four, a list stays named;
//   one row of values is one text.
// - A text longer than 8,000 characters: the batch inserts of up to 200 rows, whose time is their execution
//   (key checks and index entries, 0i.3), not their planning.
// - A text whose result columns are `*` or `t.*`: the server replans a cached statement after DDL,
//   but refuses one whose result type changed ("cached plan must not change result type"), and a
//   migration that adds a column while a process runs would fail that statement on every connection
//   the process holds. With an explicit column list the result type changes only if a column's type
//   does, the same condition prepared.ts accepts. Only the statement's own result counts: a `*`
//   inside parentheses (a subquery, a CTE, `in (select * from unnest(…))`) changes what the
//   statement reads, not the type of what it returns, and the server replans it after DDL like any
//   other. (Left unnamed by a `*` in a subquery, the gate's prospect facts were parsed and planned
//   at every call: 2,408 times in a quarter, 0x.)
// - An ON CONFLICT whose target has a WHERE (`on conflict (a, b) where status = $1`): the server infers
//   the arbiter (a partial unique index) from the WHERE's values. After five executions it may try a
//   generic plan, which has no values, and that fails the statement (42P10, "there is no unique or
//   exclusion constraint matching the ON CONFLICT specification"; test/coordinator/flags.test.ts).
// - Once 500 texts are named in this process: each is a prepared statement, and a cached plan,
//   on every connection that ran it; past the cap the process stays unnamed for new texts. The first
//   texts to come twice are named, and a process's hot statements come within its first minutes.
//
// The name carries a hash of the text, so a name never meets another text on any connection; pg
// records on each connection which names it has parsed (prepared.ts explains why that stays true on
// PGlite's one session). Named statements need session pooling, as prepared.ts's already do (PgBouncer
// in transaction mode needs ≥ 1.21 with `max_prepared_statements`, docs/operations.md).
import { createHash } from "node:crypto";

// `select *`, `select distinct *`, `select "t".*`, `, t.*`, `returning *`: a result of every column
const ALL_COLUMNS = /(?:\bselect(?:\s+distinct)?|\breturning|,)\s+(?:(?:"[^"]*"|[a-z_][a-z0-9_$]*)\.)*\*/gi;

/** The depth of parentheses at `at` in `text`, quoted literals and identifiers skipped. */
function depthAt(text: string, at: number): number {
  let depth = 0;
  for (let i = 0; i < at; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0 || end >= at) return depth;
      i = end;
    } else if (ch === "(") depth++;
    else if (ch === ")") depth--;
  }
  return depth;
}

/**
 * True when the statement's own result is `*` somewhere (above). A text that opens with a
 * parenthesis (`(select …) union …`) is judged by any `*` in it.
 */
function returnsAllColumns(text: string): boolean {
  const anyCounts = text.trimStart().startsWith("(");
  for (const m of text.matchAll(ALL_COLUMNS)) if (anyCounts || depthAt(text, m.index) === 0) return true;
  return false;
}

export interface AutoNamedLimits {
  /** longest text named */
  textMax: number;
  /** texts named at most, in this process */
  namedMax: number;
  /** texts remembered as seen once, and as left unnamed, before each memory starts over */
  seenMax: number;
}

// `in ($1, $2, $3, $4, $5`, or a second row of values `), ($`: texts whose length follows a list's (above)
const LONG_LIST = /\bin\s*\(\s*\$\d+(?:\s*,\s*\$\d+){4}|\)\s*,\s*\(\s*\$\d+/i;

// `on conflict (…) where …`: an arbiter inferred from values (above)
const ARBITER_BY_VALUE = /\bon\s+conflict\s*\([^)]*\)\s*where\b/i;

/** A namer over its own memory: `text` as pg's `{ name, text }` config from its second sight, else the text. */
export function autoNamer({ textMax, namedMax, seenMax }: AutoNamedLimits) {
  const named = new Map<string, { name: string; text: string }>();
  const seen = new Set<string>();
  // texts a rule below left unnamed: not tested again at every sending (a `select *` on a hot path)
  const unnamed = new Set<string>();
  const remember = (set: Set<string>, text: string) => {
    if (set.size >= seenMax) set.clear();
    set.add(text);
  };
  /**
   * Forgets every text. A statement stays prepared on each connection that parsed it, under the name
   * its text hashes to, and pg's record of it stays with the connection, so the text meets the same
   * name again from its second sight. For tests: vitest runs many files in one process, and they fill
   * the cap with texts no later file sends.
   */
  const forget = () => {
    named.clear();
    seen.clear();
    unnamed.clear();
  };
  const name = (text: string): string | { name: string; text: string } => {
    const known = named.get(text);
    if (known) return known;
    if (unnamed.has(text)) return text;
    if (!seen.has(text)) {
      remember(seen, text);
      return text;
    }
    seen.delete(text);
    if (
      named.size >= namedMax ||
      text.length > textMax ||
      LONG_LIST.test(text) ||
      returnsAllColumns(text) ||
      ARBITER_BY_VALUE.test(text)
    ) {
      remember(unnamed, text);
      return text;
    }
    const statement = { name: `baton_s_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`, text };
    named.set(text, statement);
    return statement;
  };
  return Object.assign(name, { forget });
}

/** The process's namer (sync-group.ts prepareStatements). */
export const autoNamed = autoNamer({ textMax: 8_000, namedMax: 500, seenMax: 5_000 });
