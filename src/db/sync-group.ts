// Several statements of one transaction written as ONE sync group of the extended protocol: Bind,
// Describe and Execute for each, then a single Sync (issue 14 item 3). pg's own Query ends every
// statement with a Sync, and the server answers each Sync with ReadyForQuery and a flush of its
// output: one send on the server and one wake-up of this process per statement. A group is answered
// with one flush, and costs one pg Query object here.
//
// What the server does is the same as for the statements sent one Sync apart, in order, in the
// open transaction: each runs after the one before it, and under READ COMMITTED takes its snapshot
// when it starts (pipelined-driver.ts). Two things differ, and the driver handles both:
// - After an error the server skips the group's remaining statements up to the Sync. A COMMIT at the
//   group's end is then skipped too, and the transaction stays open and failed: the driver rolls it
//   back (one Sync apart, the server would have turned that COMMIT into a ROLLBACK).
// - A statement must be one the extended protocol accepts on its own: a named statement this
//   connection has already parsed (its Parse is not repeated: pg only records a name as parsed from
//   a ParseComplete of its own Query), or one with parameters (which pg sends through the extended
//   protocol anyway, one statement per text). Anything else goes through pg's Query as before.
import { createRequire } from "node:module";
import pg from "pg";
import { autoNamed } from "./auto-named.ts";

/** A statement as pg's query() takes it: text or a named statement's config, and its values mapped. */
export interface GroupStatement {
  sql: string | { name: string; text: string };
  /** each value as pg sends it (prepareStatements): text, a Buffer or null */
  values: readonly unknown[];
}

interface PgConnection {
  parsedStatements: Record<string, string>;
  parse(m: { text: string; name: string; types?: unknown[] }): void;
  bind(m: { portal: string; statement: string; values: unknown[]; binary: boolean }): void;
  describe(m: { type: "P"; name: string }): void;
  execute(m: { portal: string }): void;
  sync(): void;
}

// pg's own mapping of a JS value to a parameter's text (dates, arrays, buffers, JSON), as its Query uses
const { prepareValue } = createRequire(import.meta.url)("pg/lib/utils.js") as {
  prepareValue(v: unknown): unknown;
};

/**
 * Kysely's compiled statements with their values mapped as pg's Query maps them (pg's prepareValue:
 * dates, arrays, JSON, buffers). A value pg cannot send throws here, before anything is written.
 * Mapping again is the identity, so pg's own Query may take the result. A text with parameters this
 * process has sent before goes as a named statement (auto-named.ts).
 */
export function prepareStatements(
  queries: readonly { sql: string; parameters: readonly unknown[] }[],
): GroupStatement[] {
  return queries.map((q) => ({
    sql: (typeof q.sql === "string" && q.parameters.length > 0
      ? autoNamed(q.sql)
      : q.sql) as unknown as GroupStatement["sql"],
    values: q.parameters.map((v) => prepareValue(v)),
  }));
}

/** True when `s` may join a group on `client` (see the top of this file). */
export function joinsGroup(client: pg.PoolClient, s: GroupStatement): boolean {
  if (typeof s.sql === "string") return s.values.length > 0;
  const parsed = (client as unknown as { connection: PgConnection }).connection.parsedStatements;
  return parsed[s.sql.name] === s.sql.text;
}

// pg's Query, with submit's prepare replaced by the group's messages: the results (one pg Result per
// statement, in order) and the error handling are the Query's own, as for a multi-statement text.
const QueryBase = pg.Query as unknown as new (
  text: string,
) => {
  prepare(connection: PgConnection): void;
  requiresPreparation(): boolean;
  callback?: (err: Error | null, res: pg.QueryResult | pg.QueryResult[]) => void;
  _checkForMultirow(): void;
  _result: PgResult;
  _results: PgResult | PgResult[];
  _accumulateRows: unknown;
  listeners(event: string): unknown[];
};

interface FieldDescription {
  name: string;
  dataTypeID: number;
  format?: string;
}

/** pg's Result, as addFields leaves it: a row parser for each column, and the empty row it copies. */
interface PgResult {
  _types: object | undefined;
  fields: FieldDescription[];
  _parsers: unknown[] | undefined;
  _prebuiltEmptyResultObject: object | null;
  addFields(fields: FieldDescription[]): void;
}

type Described = Pick<PgResult, "fields" | "_parsers" | "_prebuiltEmptyResultObject">;

// pg builds a result's row parsers and empty row again from each RowDescription (addFields), at every
// execution of the same statement: the largest piece of JavaScript in a single decision after the
// socket (docs/performance-journal.md 0e). A group takes them from the statement's last execution on the same
// connection when the server describes the same columns. Kept per connection's type parsers, which
// is what addFields reads.
const describedBy = new WeakMap<object, Map<string, Described>>();
const DESCRIBED_KEPT = 1_000;

function sameFields(a: readonly FieldDescription[], b: readonly FieldDescription[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++)
    if (a[i].name !== b[i].name || a[i].dataTypeID !== b[i].dataTypeID || a[i].format !== b[i].format)
      return false;
  return true;
}

class SyncGroup extends QueryBase {
  constructor(
    private readonly statements: readonly GroupStatement[],
    callback: (err: Error | null, res: pg.QueryResult | pg.QueryResult[]) => void,
  ) {
    // a text, not a config: pg copies a config object with its property descriptors (cloneQueryConfig),
    // ~3 µs a group, the largest piece of pg's own JavaScript in a decision (docs/performance-journal.md 0g)
    super("");
    this.callback = callback;
  }

  override requiresPreparation(): boolean {
    return true;
  }

  /** pg's own handler, with the statement's parsers taken from its last execution when they match. */
  handleRowDescription(msg: { fields: FieldDescription[] }): void {
    this._checkForMultirow();
    const result = this._result;
    const s = this.statements[Array.isArray(this._results) ? this._results.length - 1 : 0];
    const types = result._types;
    if (s && types) {
      const text = typeof s.sql === "string" ? s.sql : s.sql.text;
      let described = describedBy.get(types);
      if (!described) {
        described = new Map();
        describedBy.set(types, described);
      }
      const last = described.get(text);
      if (last && sameFields(last.fields, msg.fields)) {
        result.fields = last.fields;
        result._parsers = last._parsers;
        result._prebuiltEmptyResultObject = last._prebuiltEmptyResultObject;
      } else {
        result.addFields(msg.fields);
        if (described.size >= DESCRIBED_KEPT) described.clear();
        described.set(text, {
          fields: result.fields,
          _parsers: result._parsers,
          _prebuiltEmptyResultObject: result._prebuiltEmptyResultObject,
        });
      }
    } else result.addFields(msg.fields);
    this._accumulateRows = this.callback || !this.listeners("row").length;
  }

  override prepare(connection: PgConnection): void {
    for (const s of this.statements) {
      // an unnamed statement is parsed each time; a named one was parsed by its connection (joinsGroup)
      if (typeof s.sql === "string") connection.parse({ text: s.sql, name: "" });
      const statement = typeof s.sql === "string" ? "" : s.sql.name;
      connection.bind({ portal: "", statement, values: s.values as unknown[], binary: false });
      connection.describe({ type: "P", name: "" });
      connection.execute({ portal: "" });
    }
    connection.sync();
  }
}

/** Runs `statements` (each `joinsGroup`) as one sync group; each one's result, in order. */
export function runSyncGroup(
  client: pg.PoolClient,
  statements: readonly GroupStatement[],
): Promise<pg.QueryResult[]> {
  return new Promise((resolve, reject) => {
    const query = new SyncGroup(statements, (err, res) => {
      if (err) return reject(err);
      const results = Array.isArray(res) ? res : [res];
      if (results.length !== statements.length)
        return reject(new Error(`sync group: ${results.length} results for ${statements.length} statements`));
      resolve(results);
    });
    client.query(query as unknown as pg.QueryConfig);
  });
}
