// A coordinator statement whose text never changes (only its parameters do), run as a NAMED
// prepared statement, so each connection plans it once instead of on every call (issue 14 item 3).
// Measured on the bench database (docs/performance-journal.md, section 3): gateStep's one-statement
// snapshot took ~1.0 ms of planning against ~0.15 ms of execution; named, its server CPU fell from
// 1.6-2.3 ms to 0.3-0.4 ms per decision.
//
// Kysely sends every statement unnamed; its pg driver hands `compiledQuery.sql` to pg's
// `client.query(textOrConfig, values)`, which accepts a `{ name, text }` config, so the compiled
// query is passed on with that config in its `sql` slot. pg parses a name once per connection (it
// remembers the parsed names on the connection; PGlite's adapter shares one connection object over
// its single session, so the two stay in step; that holds for one pool per PGlite instance at a
// time, which is how openDatabase is used: a second pool opened on an instance whose session already
// prepared a name would try to prepare it again and fail with 42P05, as the simulator's own named
// statements would, src/simulation/simulation-database.ts). The name carries a hash of the text: a different
// text never meets a name parsed for another. The statement's result columns must stay fixed (the
// server replans after DDL, but refuses a cached statement whose result type changed), so only
// statements with an explicit column list belong here.
import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { CompiledQuery, Kysely, RawBuilder } from "kysely";
import type { DB } from "../../db/database.ts";

const names = new Map<string, string>();

function nameOf(label: string, text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `baton_${label}_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/** Runs `q` (a fixed-text statement) as a named prepared statement in `tx`; returns its rows. */
export async function executePrepared<R>(tx: Kysely<DB>, label: string, q: RawBuilder<R>): Promise<R[]> {
  return (await tx.executeQuery<R>(named(label, q.compile(tx)))).rows;
}

/** `compiled` as a named statement: pg's `{ name, text }` config in the query's `sql` slot. */
export function named<R>(label: string, compiled: CompiledQuery<R>): CompiledQuery<R> {
  const config = { name: nameOf(label, compiled.sql), text: compiled.sql };
  return { ...compiled, sql: config as unknown as string };
}

const SLOT = Symbol("baton.slot");
type Slot = { readonly [SLOT]: string };
const slotOf = (v: unknown): string | undefined =>
  typeof v === "object" && v !== null && SLOT in v ? (v as Slot)[SLOT] : undefined;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** A placeholder for each input (and for each key of an input that is a plain object, e.g. a row). */
function placeholders(input: Record<string, unknown>): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    p[k] = isRecord(v)
      ? Object.fromEntries(Object.keys(v).map((sub) => [sub, { [SLOT]: `${k}.${sub}` }]))
      : { [SLOT]: k };
  }
  return p;
}

/** Reads an input (`key`) or a key of an object input (`key.sub`), the path split once, not per call. */
function reader(path: string): (input: Record<string, unknown>) => unknown {
  const dot = path.indexOf(".");
  if (dot < 0) return (input) => input[path];
  const key = path.slice(0, dot);
  const sub = path.slice(dot + 1);
  return (input) => (input[key] as Record<string, unknown>)[sub];
}

/** How one parameter of the compiled template is filled from a call's inputs. */
function filler(v: unknown): (input: Record<string, unknown>) => unknown {
  const path = slotOf(v);
  if (path !== undefined) return reader(path);
  if (Array.isArray(v) && v.some((x) => slotOf(x) !== undefined)) {
    const parts = v.map(filler);
    return (input) => parts.map((f) => f(input));
  }
  return () => v;
}

/**
 * A named statement whose text, and the place of each input among its parameters, depend only on
 * the statement's shape (issue 14 item 3: a decision's statements are built and compiled by Kysely
 * once per process, not once per decision). `build` runs once, on the first call, with a placeholder
 * for every input (and for every key of an input that is a plain object, such as an event row, with
 * the first call's keys); each call then only fills its own inputs into the parameter list.
 * So `build` may only embed its inputs as values: it must not compute with them or branch on them,
 * and an object input must always have the same keys. Under the tests (BATON_CHECK_TEMPLATES=1, set by
 * vitest.config.ts) every call is checked against `build` run with the call's own values.
 */
export function preparedTemplate<P extends object, R>(
  label: string,
  build: (db: Kysely<DB>, p: P) => CompiledQuery<R>,
): (db: Kysely<DB>, p: P) => CompiledQuery<R> {
  let t: { query: CompiledQuery<R>; fill: ((input: Record<string, unknown>) => unknown)[] } | undefined;
  return (db, p) => {
    if (!t) {
      const compiled = build(db, placeholders(p as Record<string, unknown>) as P);
      const fill = compiled.parameters.map(filler);
      t = { query: named(label, compiled), fill };
    }
    const fill = t.fill;
    const parameters = new Array(fill.length);
    for (let i = 0; i < fill.length; i++) parameters[i] = fill[i](p as Record<string, unknown>);
    const q = { ...t.query, parameters };
    if (CHECK_TEMPLATES) checkTemplate(label, q, build(db, p));
    return q;
  };
}

const CHECK_TEMPLATES = process.env.BATON_CHECK_TEMPLATES === "1";

function checkTemplate(label: string, got: CompiledQuery<unknown>, want: CompiledQuery<unknown>): void {
  const text = (got.sql as unknown as { text: string }).text;
  if (text !== want.sql || !isDeepStrictEqual([...got.parameters], [...want.parameters])) {
    throw new Error(
      `prepared template ${label} differs from its builder:\n${text}\n${JSON.stringify(got.parameters)}\n---\n${want.sql}\n${JSON.stringify(want.parameters)}`,
    );
  }
}
