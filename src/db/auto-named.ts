// Every statement Kysely sends with parameters, from the second time this process sends its text,
// goes as a NAMED prepared statement: each connection parses, analyses and rewrites it once, and the
// server's plan cache may keep its plan (issue 14 items 2 and 7). Unnamed, PostgreSQL does all of
// that again at every call. prepared.ts names the coordinator's hottest statements by hand; this
// names the rest. Measured (docs/performance.md 0l): 5 days × 10,000 contacts embedded 80.4 and
// 83.6 s unnamed against 67.4 and 71.4 s named, the same report; the engine's step on PostgreSQL
// 1.37 against 1.17 ms of CPU a step with one worker.
//
// What is left unnamed, and why:
// - A text seen once: a list of `$1 … $n` whose length varies, or an ad-hoc query, would only fill
//   every connection's memory with statements nobody runs again. The second sight names it.
// - A text longer than 8,000 characters: the batch inserts of up to 200 rows, whose time is their execution
//   (key checks and index entries, 0i.3), not their planning.
// - A text whose result columns are `*` or `t.*`: the server replans a cached statement after DDL,
//   but refuses one whose result type changed ("cached plan must not change result type"), and a
//   migration that adds a column while a process runs would fail that statement on every connection
//   the process holds. With an explicit column list the result type changes only if a column's type
//   does, the same condition prepared.ts accepts.
// - An ON CONFLICT whose target has a WHERE (`on conflict (a, b) where status = $1`): the server infers
//   the arbiter (a partial unique index) from the WHERE's values. After five executions it may try a
//   generic plan, which has no values, and that fails the statement (42P10, "there is no unique or
//   exclusion constraint matching the ON CONFLICT specification"; test/coordinator/flags.test.ts).
// - Once 500 texts are named in this process: each is a prepared statement, and a cached plan,
//   on every connection that ran it; past the cap the process stays unnamed for new texts.
//
// The name carries a hash of the text, so a name never meets another text on any connection; pg
// records on each connection which names it has parsed (prepared.ts explains why that stays true on
// PGlite's one session). Named statements need session pooling, as prepared.ts's already do (PgBouncer
// in transaction mode needs ≥ 1.21 with `max_prepared_statements`, docs/operations.md).
import { createHash } from "node:crypto";

// `select *`, `select distinct *`, `select "t".*`, `, "t".*`, `returning *`: a result of every column
const ALL_COLUMNS = /(?:\bselect(?:\s+distinct)?|\breturning|,)\s+(?:"[^"]*"\.)*\*/i;

export interface AutoNamedLimits {
  /** longest text named */
  textMax: number;
  /** texts named at most, in this process */
  namedMax: number;
  /** texts remembered as seen once before the memory starts over */
  seenMax: number;
}

// `on conflict (…) where …`: an arbiter inferred from values (above)
const ARBITER_BY_VALUE = /\bon\s+conflict\s*\([^)]*\)\s*where\b/i;

/** A namer over its own memory: `text` as pg's `{ name, text }` config from its second sight, else the text. */
export function autoNamer({ textMax, namedMax, seenMax }: AutoNamedLimits) {
  const named = new Map<string, { name: string; text: string }>();
  const seen = new Set<string>();
  return (text: string): string | { name: string; text: string } => {
    const known = named.get(text);
    if (known) return known;
    if (!seen.has(text)) {
      if (seen.size >= seenMax) seen.clear();
      seen.add(text);
      return text;
    }
    if (
      named.size >= namedMax ||
      text.length > textMax ||
      ALL_COLUMNS.test(text) ||
      ARBITER_BY_VALUE.test(text)
    )
      return text;
    seen.delete(text);
    const statement = { name: `baton_s_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`, text };
    named.set(text, statement);
    return statement;
  };
}

/** The process's namer (sync-group.ts prepareStatements). */
export const autoNamed = autoNamer({ textMax: 8_000, namedMax: 500, seenMax: 5_000 });
