// What one operation costs the database, counted on PGlite (issue 68 item 2): counts, not times, so
// they do not move with the machine. Read around the operation:
// - statements: Execute and simple Query messages the client sent (BEGIN and COMMIT included), read
//   off the protocol bytes PGlite is handed;
// - plans: statements planned for this call: every unnamed one, and each named (prepared.ts) one the
//   plan cache planned again with its parameters instead of reusing its generic plan
//   (pg_prepared_statements.custom_plans). A prepared statement planned on every call is how one
//   decision's server CPU tripled (issue 68 item 1), with the same statements and rows;
// - rows: rows inserted, updated and deleted, by table (pg_stat_user_tables);
// - functions: calls of Baton's functions, triggers included, by name (pg_stat_user_functions with
//   track_functions = 'all'; SQL functions the planner inlines are not calls);
// - buffers: shared buffers read or hit in tables, their indexes and TOAST, by table
//   (pg_statio_user_tables).
import type { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../src/db/database.ts";

export interface Cost {
  statements: number;
  plans: number;
  rows: number;
  functions: number;
  buffers: number;
  /** rows written and buffers by table, calls by function: where a total moved */
  rowsByTable: Record<string, number>;
  callsByFunction: Record<string, number>;
  buffersByTable: Record<string, number>;
}

interface Reading {
  plans: number;
  rows: Map<string, number>;
  calls: Map<string, number>;
  buffers: Map<string, number>;
}

/** Counts the messages of the frontend protocol in `bytes` (type byte, then a 4-byte length). */
function scan(bytes: Uint8Array, into: { statements: number; unnamed: number }): void {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  while (i + 5 <= view.length) {
    const type = String.fromCharCode(view[i]);
    const len = view.readInt32BE(i + 1);
    if (type === "Q" || type === "E") into.statements++;
    if (type === "Q") into.unnamed++;
    if (type === "B") {
      // Bind: the portal's name, then the statement's; an empty statement name is the unnamed one
      const portalEnd = view.indexOf(0, i + 5);
      if (view[portalEnd + 1] === 0) into.unnamed++;
    }
    i += 1 + len;
  }
}

/** A meter on one PGlite database: `measure(op)` runs op once and returns what it cost. */
export async function costMeter(db: Kysely<DB>, pglite: PGlite) {
  await sql`set track_functions = 'all'`.execute(db);
  const wire = { statements: 0, unnamed: 0 };
  let counting = false;
  const raw = pglite.execProtocolRawStream.bind(pglite);
  pglite.execProtocolRawStream = ((message: Uint8Array, options: unknown) => {
    if (counting) scan(message, wire);
    return raw(message, options as Parameters<typeof raw>[1]);
  }) as typeof pglite.execProtocolRawStream;

  async function read(): Promise<Reading> {
    // a backend's counts reach the statistics when a transaction ends, forced here
    await sql`select pg_stat_force_next_flush()`.execute(db);
    await sql`select 1`.execute(db);
    await sql`select pg_stat_clear_snapshot()`.execute(db);
    const [plans, rows, calls, buffers] = await Promise.all([
      sql<{ n: number }>`select coalesce(sum(custom_plans), 0)::int as n from pg_prepared_statements`.execute(
        db,
      ),
      sql<{ name: string; n: number }>`
        select relname as name, (n_tup_ins + n_tup_upd + n_tup_del)::int as n from pg_stat_user_tables`.execute(
        db,
      ),
      sql<{ name: string; n: number }>`
        select funcname as name, sum(calls)::int as n from pg_stat_user_functions group by funcname`.execute(
        db,
      ),
      sql<{ name: string; n: number }>`
        select relname as name,
               (heap_blks_read + heap_blks_hit + coalesce(idx_blks_read, 0) + coalesce(idx_blks_hit, 0)
                + coalesce(toast_blks_read, 0) + coalesce(toast_blks_hit, 0)
                + coalesce(tidx_blks_read, 0) + coalesce(tidx_blks_hit, 0))::int as n
          from pg_statio_user_tables`.execute(db),
    ]);
    return {
      plans: plans.rows[0].n,
      rows: new Map(rows.rows.map((r) => [r.name, r.n])),
      calls: new Map(calls.rows.map((r) => [r.name, r.n])),
      buffers: new Map(buffers.rows.map((r) => [r.name, r.n])),
    };
  }

  const delta = (after: Map<string, number>, before: Map<string, number>) =>
    Object.fromEntries(
      [...after]
        .map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const)
        .filter(([, v]) => v !== 0)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  const total = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);

  return {
    async measure(op: () => Promise<unknown>): Promise<Cost> {
      const before = await read();
      wire.statements = 0;
      wire.unnamed = 0;
      counting = true;
      try {
        await op();
      } finally {
        counting = false;
      }
      const statements = wire.statements;
      const unnamed = wire.unnamed;
      const after = await read();
      const rowsByTable = delta(after.rows, before.rows);
      const callsByFunction = delta(after.calls, before.calls);
      const buffersByTable = delta(after.buffers, before.buffers);
      return {
        statements,
        plans: unnamed + after.plans - before.plans,
        rows: total(rowsByTable),
        functions: total(callsByFunction),
        buffers: total(buffersByTable),
        rowsByTable,
        callsByFunction,
        buffersByTable,
      };
    },
  };
}
