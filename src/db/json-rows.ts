// A multi-row INSERT as ONE fixed statement text, its rows in one JSON parameter (issue 39 item 5:
// hot statements prepared, Node's share cut).
//
// Kysely writes `values ($1, …, $23), ($24, …)`: one parameter per column per row, so a batch of 50
// events is 1,150 parameters, and a text that changes with the number of rows. Such a text is never
// named (auto-named.ts leaves several rows of values unnamed, else every batch size would be a
// statement on every connection), so the server parses, analyses and plans it at every call, and
// this process builds the operation tree, compiles it, and maps each of the 1,150 values through
// pg's prepareValue before writing it. Here the rows travel as one JSON text (JSON.stringify, in
// native code) and `json_populate_recordset` turns them into the table's row type on the server: the
// text depends only on the table and the column list, so it is named from its second sight and its
// plan is kept.
//
// The row order is kept (`with ordinality`, then `order by`): serial ids (the event log's event_id,
// the CRM outbox's id) are drawn in the order of the rows, and `returning` answers in that order.
// A value is what JSON makes of it: a Date its ISO instant, an object or array a JSON value (for a
// json/jsonb column: give the object, not its JSON text, which would be stored as a JSON string).
// undefined is dropped by JSON.stringify, so a missing key is NULL, not the column's default (an
// insert that names a column never takes its default): `defaults` gives those that have one.
import { type RawBuilder, sql } from "kysely";

export interface JsonRowsInsert {
  table: string;
  /** the columns written, in this order; each row's keys beyond them are ignored */
  columns: readonly string[];
  /**
   * A column's value when a row gives none (null or left out): a fixed SQL expression, the
   * column's own default (`now()`, `'pending'`), since an insert that names a column never uses it
   */
  defaults?: Readonly<Record<string, string>>;
  /** e.g. `on conflict (idempotency_key, client_id) do nothing` (a fixed text) */
  onConflict?: string;
  /** the columns returned, in the rows' order */
  returning?: readonly string[];
}

// by the spec itself: the specs are module constants, so this is one lookup, not a serialization a call
const texts = new WeakMap<JsonRowsInsert, string>();

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`json-rows: not a plain identifier: ${name}`);
  return name;
};

function textOf(spec: JsonRowsInsert): string {
  let text = texts.get(spec);
  if (text === undefined) {
    const cols = spec.columns.map(ident).join(", ");
    const picked = spec.columns
      .map((c) => (spec.defaults?.[c] ? `coalesce(v.${c}, ${spec.defaults[c]})` : `v.${c}`))
      .join(", ");
    text =
      `insert into ${ident(spec.table)} (${cols}) select ${picked} ` +
      `from json_populate_recordset(null::${spec.table}, $1::json) with ordinality as v ` +
      `order by v.ordinality` +
      (spec.onConflict ? ` ${spec.onConflict}` : "") +
      (spec.returning?.length ? ` returning ${spec.returning.map(ident).join(", ")}` : "");
    texts.set(spec, text);
  }
  return text;
}

/**
 * The insert of `rows` (see the top of this file); execute it on a transaction or the database. Keys
 * of a row that are not among the columns are sent and ignored; a key left out is NULL.
 */
export function insertJsonRows<R = unknown>(
  spec: JsonRowsInsert,
  rows: readonly Record<string, unknown>[],
): RawBuilder<R> {
  const [head, tail] = textOf(spec).split("$1");
  return sql<R>`${sql.raw(head)}${JSON.stringify(rows)}${sql.raw(tail)}`;
}
