// Kysely's Postgres driver, with three things pg's pipeline mode makes possible (issue 14 item 3: one
// decision per transaction in as few round trips as pgbench needs for a transfer).
//
// 1. BEGIN travels with the transaction's first statement. Kysely sends BEGIN and waits for its
//    answer before the transaction's first statement; here beginTransaction only notes the BEGIN,
//    and the first statement writes both, one behind the other, in one write to the socket. The
//    server runs them in order, as it would have one round trip apart: BEGIN takes no snapshot (the
//    first statement does), so nothing the transaction sees changes. A transaction that runs no
//    statement sends neither BEGIN nor COMMIT. (BEGIN cannot fail on a live connection: inside a
//    transaction it only warns. A broken connection fails the statement behind it as well.)
// 2. executeBatch sends several statements of one transaction at once and returns each one's rows.
//    The server still runs them one after another, and under READ COMMITTED each takes its snapshot
//    when it starts: a statement behind a lock waits for the lock and then sees what the lock's
//    holder committed, exactly as if it had been sent after the lock's answer came back. So a
//    decision's lock and its snapshot go in one round trip, and the order "lock, then read" holds.
//    A batch's parameters cannot depend on an earlier statement's result; a failed statement aborts
//    the transaction, the ones behind it fail with 25P02, and the batch rejects with the first error.
// 3. A batch may end the transaction: with `{ commit: true }` COMMIT goes behind its statements, so
//    a transaction whose last write is known (one decision, as pgbench's transfer) takes one round
//    trip for the write and the commit. When the batch succeeds the transaction is over: Kysely's
//    own COMMIT that follows sends nothing, and a statement issued after it is refused rather than
//    run outside the transaction. When it fails, the COMMIT was skipped or failed, and Kysely's
//    ROLLBACK is sent (on a transaction the server has already ended, it only warns).
// 4. What goes in one write goes as one sync group where it can (sync-group.ts): the server then
//    answers the BEGIN and the statements behind it with one flush, not one per statement. BEGIN and
//    COMMIT are named statements, parsed once per connection as the coordinator's statements are.
//
// pg's pipeline mode (`pipeline: true` on the pool's clients) writes each query as soon as it is
// issued instead of after the previous one's ReadyForQuery; the protocol is the same per query
// (Parse/Bind/Execute/Sync). Queries issued one at a time, which is every other use, behave exactly
// as before. On PGlite the adapter feeds the messages to its one session in order.
// Kysely's savepoint API is not implemented (Kysely refuses it with its own error); the one
// savepoint Baton takes (prospects/redact-everywhere.ts) is plain SQL.
import { createHash } from "node:crypto";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type pg from "pg";
import type { DB } from "./database.ts";
import { connectRetrying } from "./lost-connection.ts";
import { type GroupStatement, joinsGroup, prepareStatements, runSyncGroup } from "./sync-group.ts";

const BATCH = Symbol("baton.batch");
const txStatements = new Map<string, { name: string; text: string }>();

/** A transaction-control text as a named statement (parsed once per connection). */
function txStatement(text: string): { name: string; text: string } {
  let s = txStatements.get(text);
  if (!s) {
    s = { name: `baton_tx_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`, text };
    txStatements.set(text, s);
  }
  return s;
}
const COMMIT: CompiledQuery = { ...CompiledQuery.raw(""), sql: txStatement("commit") as unknown as string };

interface BatchMarker {
  [BATCH]: readonly CompiledQuery[];
  commit: boolean;
}

function isBatch(sql: unknown): sql is BatchMarker {
  return typeof sql === "object" && sql !== null && BATCH in sql;
}

function toResult<R>(r: pg.QueryResult): QueryResult<R> {
  const { command, rowCount, rows } = r;
  const changed = command === "INSERT" || command === "UPDATE" || command === "DELETE" || command === "MERGE";
  return { numAffectedRows: changed ? BigInt(rowCount ?? 0) : undefined, rows: (rows ?? []) as R[] };
}

/** Settles every promise, then throws the first rejection in order (the statement that failed). */
async function allInOrder<T>(ps: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(ps);
  const failed = settled.find((s) => s.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

class PipelinedConnection implements DatabaseConnection {
  /** The BEGIN (or START TRANSACTION …) not written yet: it goes with the next statement. */
  pendingBegin: string | null = null;
  /** A statement of this transaction has been written (COMMIT/ROLLBACK must be sent). */
  begun = false;
  /** The transaction ended with a batch's COMMIT: nothing more may run in it. */
  ended = false;

  constructor(readonly client: pg.PoolClient) {
    // pg-pool listens for a client's errors only while the client is idle in the pool. A connection
    // the server ended while Kysely held it between statements (a terminated backend, a restart,
    // idle_in_transaction_session_timeout) emitted 'error' with no listener, which ended the process.
    // Heard here: the next statement fails on the closed client as that caller's error, and the pool
    // drops the client when it is released (test/foundation/pipelined-driver.test.ts).
    client.on("error", () => {});
  }

  #send(s: GroupStatement): Promise<pg.QueryResult> {
    // text, or a named statement's config (prepared.ts), which pg's query() takes in the text's place
    return this.client.query(s.sql as string, s.values as unknown[]);
  }

  /**
   * Writes the pending BEGIN, if any, ahead of `queries`, all in one go; their results. Every value
   * is mapped to its parameter text first (prepareStatements), so that a value pg cannot send fails
   * here, before anything is written and with the pending BEGIN still pending: pg's own Query, failing
   * on a value after the statements ahead of it had been written, left the connection in an
   * aborted transaction (test/foundation/pipelined-driver.test.ts).
   */
  async #run(queries: readonly CompiledQuery[]): Promise<pg.QueryResult[]> {
    const statements = prepareStatements(queries);
    const begin = this.pendingBegin === null ? null : txStatement(this.pendingBegin);
    this.pendingBegin = null;
    if (begin !== null) {
      this.begun = true;
      statements.unshift({ sql: begin, values: [] });
    }
    let results: pg.QueryResult[];
    if (statements.length > 1 && statements.every((x) => joinsGroup(this.client, x))) {
      results = await runSyncGroup(this.client, statements);
    } else {
      const stream = (
        this.client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }
      ).connection?.stream;
      stream?.cork?.();
      let sent: Promise<pg.QueryResult>[];
      try {
        sent = statements.map((x) => this.#send(x));
      } finally {
        stream?.uncork?.();
      }
      results = await allInOrder(sent);
    }
    return begin === null ? results : results.slice(1);
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.ended)
      throw new Error("Baton's driver: a statement after its transaction committed (executeBatch commit)");
    if (isBatch(compiledQuery.sql)) {
      const { [BATCH]: queries, commit } = compiledQuery.sql;
      if (!commit) return { rows: (await this.#run(queries)).map((r) => r.rows) as R[] };
      if (this.pendingBegin === null && !this.begun)
        throw new Error("Baton's driver: commit outside a transaction");
      this.ended = true;
      let results: pg.QueryResult[];
      try {
        results = await this.#run([...queries, COMMIT]);
      } catch (e) {
        this.ended = false; // not committed: Kysely's ROLLBACK goes out (3. at the top)
        throw e;
      }
      return { rows: results.slice(0, -1).map((r) => r.rows) as R[] };
    }
    if (this.pendingBegin === null)
      return toResult<R>(await this.#send(prepareStatements([compiledQuery])[0]));
    const [r] = await this.#run([compiledQuery]);
    return toResult<R>(r);
  }

  // biome-ignore lint/correctness/useYield: Baton streams no query (pg's pipeline mode refuses cursors)
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not supported by Baton's driver");
  }
}

class PipelinedDriver implements Driver {
  readonly #connections = new WeakMap<pg.PoolClient, PipelinedConnection>();

  constructor(readonly pool: pg.Pool) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // a server restarting refuses connections for a moment: opening one is tried again (issue 58)
    const client = await connectRetrying(() => this.pool.connect());
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new PipelinedConnection(client);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let text = "begin";
    if (settings.isolationLevel || settings.accessMode) {
      text = "start transaction";
      if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) text += ` ${settings.accessMode}`;
    }
    const c = connection as PipelinedConnection;
    c.pendingBegin = text;
    c.begun = false;
    c.ended = false;
  }

  async #finish(connection: DatabaseConnection, text: "commit" | "rollback"): Promise<void> {
    const c = connection as PipelinedConnection;
    const sent = c.begun && !c.ended;
    c.pendingBegin = null;
    c.begun = false;
    c.ended = false;
    if (sent) await c.client.query(txStatement(text));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#finish(connection, "commit");
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#finish(connection, "rollback");
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipelinedConnection;
    c.pendingBegin = null;
    c.begun = false;
    c.ended = false;
    c.client.release();
  }

  async destroy(): Promise<void> {
    await this.pool.end();
  }
}

/** Kysely's Postgres dialect on Baton's pipelined driver (the pool's clients must be `pipeline: true`). */
export function pipelinedDialect(pool: pg.Pool): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PipelinedDriver(pool),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

/** Each query's rows, in order. */
export type BatchRows<Q extends readonly CompiledQuery<unknown>[]> = {
  [K in keyof Q]: Q[K] extends CompiledQuery<infer R> ? R[] : never;
};

/**
 * Runs `queries` in `tx` in one round trip (see the top of this file) and returns each one's rows.
 * Every statement must be fixed by the caller's inputs alone, not by an earlier one's result.
 * `commit`: the transaction commits behind them, in the same round trip (`tx` must be a transaction).
 */
export async function executeBatch<const Q extends readonly CompiledQuery<unknown>[]>(
  tx: Kysely<DB>,
  queries: Q,
  opts: { commit?: boolean } = {},
): Promise<BatchRows<Q>> {
  const marker: BatchMarker = { [BATCH]: queries, commit: opts.commit === true };
  const r = await tx.executeQuery({ ...CompiledQuery.raw(""), sql: marker as unknown as string });
  return r.rows as unknown as BatchRows<Q>;
}
