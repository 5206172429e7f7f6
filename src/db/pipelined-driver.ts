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
//    trip for the write and the commit. If a statement fails, the server turns that COMMIT into a
//    ROLLBACK; if the COMMIT itself fails, the batch rejects with its error. Either way the
//    transaction is over: Kysely's own COMMIT or ROLLBACK that follows sends nothing, and a
//    statement issued after it is refused rather than run outside the transaction.
//
// pg's pipeline mode (`pipeline: true` on the pool's clients) writes each query as soon as it is
// issued instead of after the previous one's ReadyForQuery; the protocol is the same per query
// (Parse/Bind/Execute/Sync). Queries issued one at a time, which is every other use, behave exactly
// as before. On PGlite the adapter feeds the messages to its one session in order.
// Kysely's savepoint API is not implemented (Kysely refuses it with its own error); the one
// savepoint Baton takes (prospects/redact-everywhere.ts) is plain SQL.
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

/** pg's query argument: text, or a named statement's config (prepared.ts). */
type QueryText = string | { name: string; text: string };

const BATCH = Symbol("baton.batch");
const COMMIT = CompiledQuery.raw("commit");

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

  constructor(readonly client: pg.PoolClient) {}

  #send(q: CompiledQuery): Promise<pg.QueryResult> {
    return this.client.query(q.sql as QueryText as string, [...q.parameters]);
  }

  /** Writes the pending BEGIN, if any, ahead of `queries`, all in one go; their results. */
  async #run(queries: readonly CompiledQuery[]): Promise<pg.QueryResult[]> {
    const begin = this.pendingBegin;
    this.pendingBegin = null;
    const stream = (
      this.client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }
    ).connection?.stream;
    stream?.cork?.();
    let sent: Promise<pg.QueryResult>[];
    try {
      const b = begin === null ? [] : [this.client.query(begin)];
      if (begin !== null) this.begun = true;
      sent = [...b, ...queries.map((q) => this.#send(q))];
    } finally {
      stream?.uncork?.();
    }
    const results = await allInOrder(sent);
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
      const results = await this.#run([...queries, COMMIT]);
      return { rows: results.slice(0, -1).map((r) => r.rows) as R[] };
    }
    if (this.pendingBegin === null) return toResult<R>(await this.#send(compiledQuery));
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
    const client = await this.pool.connect();
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
    if (sent) await c.client.query(text);
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
