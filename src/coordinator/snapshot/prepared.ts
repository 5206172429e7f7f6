// A coordinator statement whose text never changes (only its parameters do), run as a NAMED
// prepared statement, so each connection plans it once instead of on every call (issue 14 item 3).
// Measured on the bench database (docs/performance.md, section 3): gateStep's one-statement
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
// statements would, src/engine/simulation-database.ts). The name carries a hash of the text: a different
// text never meets a name parsed for another. The statement's result columns must stay fixed (the
// server replans after DDL, but refuses a cached statement whose result type changed), so only
// statements with an explicit column list belong here.
import { createHash } from "node:crypto";
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
export function executePrepared<R>(tx: Kysely<DB>, label: string, q: RawBuilder<R>): Promise<R[]> {
  return executeCompiledPrepared(tx, label, q.compile(tx));
}

/** The same for a compiled Kysely query builder (`builder.compile()`), e.g. a decision's write. */
export async function executeCompiledPrepared<R>(
  tx: Kysely<DB>,
  label: string,
  compiled: CompiledQuery<R>,
): Promise<R[]> {
  const config = { name: nameOf(label, compiled.sql), text: compiled.sql };
  const r = await tx.executeQuery<R>({ ...compiled, sql: config as unknown as string });
  return r.rows;
}
