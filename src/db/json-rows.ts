// A multi-row INSERT as ONE fixed statement text, its rows in one JSON parameter (issue 39 item 5:
// hot statements prepared, Node's share cut).
//
// Kysely writes `values ($1, …, $23), ($24, …)`: one parameter per column per row, so a batch of 50
// events is 1,150 parameters, and a text that changes with the number of rows. Such a text is never
// named (auto-named.ts leaves several rows of values unnamed, else every batch size would be a
// statement on every connection), so the server parses, analyses and plans it at every call, and
// this process builds the operation tree, compiles it, and maps each of the 1,150 values through
// pg's prepareValue before writing it. Here the rows travel as one JSON text (JSON.stringify, in
// native code): the text depends only on the table and the column list, so it is named from its
// second sight and its plan is kept.
//
// Each row is a JSON ARRAY of its values in the columns' order, read on the server by position
// (`jsonb_array_elements`, then `r->>i` cast to the column's type). Rows as objects read by
// `json_populate_recordset` cost the server 2.5–4x as much: that function builds a hash table of
// each row's keys and looks every column up in it (docs/performance-journal.md 0z: 2,000 event rows, 22–24
// ms against 6–10 ms), and the keys made half the text. The price is that a column's type is
// declared here (`types`, checked against the catalog by test/foundation/json-rows.test.ts):
// an undeclared column is read as text, which PostgreSQL assigns to a text or varchar column (a
// varchar's length is checked) and refuses for any other type, loudly.
//
// The row order is kept (`with ordinality`, then `order by`): serial ids (the event log's event_id,
// the CRM outbox's id) are drawn in the order of the rows, and `returning` answers in that order.
// A value is what JSON makes of it: a Date its ISO instant, an object or array a JSON value (for a
// json/jsonb column: give the object, not its JSON text, which would be stored as a JSON string).
// undefined (a key left out) is null, not the column's default (an insert that names a column never
// takes its default): `defaults` gives those that have one. A JSON null is NULL in every column.
import { type RawBuilder, sql } from "kysely";

export interface JsonRowsInsert {
  table: string;
  /** the columns written, in this order; each row's keys beyond them are ignored */
  columns: readonly string[];
  /**
   * Each column's type when it is not text or varchar, as the catalog names it (`format_type`:
   * uuid, integer, boolean, jsonb, timestamp with time zone …)
   */
  types?: Readonly<Record<string, string>>;
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

// by the spec itself: the specs are module constants, so this is one lookup, not a serialization a call;
// kept as the text before and after its one parameter
const texts = new WeakMap<JsonRowsInsert, [string, string]>();

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`json-rows: not a plain identifier: ${name}`);
  return name;
};

/** `types` of timestamptz columns (format_type's name) */
export const TIMESTAMPTZ = "timestamp with time zone";

/** `types` for columns of one type: typed("uuid", "id", "contact_id") */
export function typed(type: string, ...columns: string[]): Record<string, string> {
  return Object.fromEntries(columns.map((c) => [c, type]));
}

const typeName = (name: string) => {
  if (!/^[a-z][a-z0-9 ]*(\(\d+(,\d+)?\))?$/.test(name))
    throw new Error(`json-rows: not a plain type name: ${name}`);
  return name;
};

/** Column `i` of row `r`, as the column's type (JSON null: NULL). */
function valueAt(i: number, type: string | undefined): string {
  if (type === undefined) return `v.r->>${i}`;
  if (type === "jsonb") return `nullif(v.r->${i}, 'null'::jsonb)`;
  if (type === "json") return `nullif(v.r->${i}, 'null'::jsonb)::json`;
  return `(v.r->>${i})::${typeName(type)}`;
}

function textOf(spec: JsonRowsInsert): [string, string] {
  let parts = texts.get(spec);
  if (parts === undefined) {
    const cols = spec.columns.map(ident).join(", ");
    const picked = spec.columns
      .map((c, i) => {
        const value = valueAt(i, spec.types?.[c]);
        return spec.defaults?.[c] ? `coalesce(${value}, ${spec.defaults[c]})` : value;
      })
      .join(", ");
    const text =
      `insert into ${ident(spec.table)} (${cols}) select ${picked} ` +
      `from jsonb_array_elements($1::jsonb) with ordinality as v(r, o) ` +
      `order by v.o` +
      (spec.onConflict ? ` ${spec.onConflict}` : "") +
      (spec.returning?.length ? ` returning ${spec.returning.map(ident).join(", ")}` : "");
    const at = text.indexOf("$1");
    parts = [text.slice(0, at), text.slice(at + 2)];
    texts.set(spec, parts);
  }
  return parts;
}

/** The rows as one JSON array of arrays, each row's values in the columns' order. */
function positional(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const out = new Array<unknown[]>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const values = new Array<unknown>(columns.length);
    for (let j = 0; j < columns.length; j++) values[j] = row[columns[j]];
    out[i] = values;
  }
  return JSON.stringify(out);
}

/**
 * The rows as a derived table for a statement that does more than insert them (the event log's
 * insert that joins each row's lineage): a `select` of the spec's columns, by name and as their
 * types, and `ordinality`, the row's place in `rows` (order by it). Read as `insertJsonRows` reads
 * them; the columns' names are checked as identifiers.
 */
export function jsonRowsSelect(
  spec: JsonRowsInsert,
  rows: readonly Record<string, unknown>[],
): RawBuilder<unknown> {
  const cols = spec.columns.map((c, i) => `${valueAt(i, spec.types?.[c])} as ${ident(c)}`).join(", ");
  return sql`select ${sql.raw(cols)}, v.o as ordinality
               from jsonb_array_elements(${positional(spec.columns, rows)}::jsonb) with ordinality as v(r, o)`;
}

/**
 * The insert of `rows` (see the top of this file); execute it on a transaction or the database. Keys
 * of a row that are not among the columns are not sent; a key left out is NULL.
 */
export function insertJsonRows<R = unknown>(
  spec: JsonRowsInsert,
  rows: readonly Record<string, unknown>[],
): RawBuilder<R> {
  const [head, tail] = textOf(spec);
  return sql<R>`${sql.raw(head)}${positional(spec.columns, rows)}${sql.raw(tail)}`;
}
