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
//   (pg_statio_user_tables);
// - planCost: the estimated total cost of the generic plan of each named statement the operation
//   ran (EXPLAIN (GENERIC_PLAN) of its text), rounded. Whether the plan cache keeps a generic plan
//   turns on it: the snapshot that tripled a decision's CPU (issue 68) had a generic plan 5x its
//   custom one's, which on a server's tables the plan cache refused, though on this fixture's small
//   tables it still took it. A raise here is a plan to look at before a server replans it.
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
  planCost: number;
  planCostByStatement: Record<string, number>;
}

interface Reading {
  plans: number;
  rows: Map<string, number>;
  calls: Map<string, number>;
  buffers: Map<string, number>;
}

/** Counts the messages of the frontend protocol in `bytes` (type byte, then a 4-byte length). */
function scan(bytes: Uint8Array, into: { statements: number; unnamed: number; named: Set<string> }): void {
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
      else into.named.add(view.toString("utf8", portalEnd + 1, view.indexOf(0, portalEnd + 1)));
    }
    i += 1 + len;
  }
}

/** A meter on one PGlite database: `measure(op)` runs op once and returns what it cost. */
export async function costMeter(db: Kysely<DB>, pglite: PGlite) {
  await sql`set track_functions = 'all'`.execute(db);
  const wire = { statements: 0, unnamed: 0, named: new Set<string>() };
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

  /** The generic plan's estimated cost of each of Baton's named statements (not BEGIN/COMMIT), by label. */
  async function planCosts(names: Set<string>): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const name of [...names].sort()) {
      if (name.startsWith("baton_tx_")) continue;
      const r = await sql<{ statement: string }>`
        select statement from pg_prepared_statements where name = ${name}`.execute(db);
      if (!r.rows.length) continue;
      const plan = await sql
        .raw<{ "QUERY PLAN": [{ Plan: { "Total Cost": number } }] }>(
          `explain (generic_plan, format json) ${r.rows[0].statement}`,
        )
        .execute(db);
      // a template's label (prepared.ts), or, for a statement named because it is sent twice, its hash
      const label = name.startsWith("baton_s_")
        ? name.slice(6)
        : name.replace(/^baton_/, "").replace(/_[0-9a-f]{16}$/, "");
      out[label] = (out[label] ?? 0) + Math.round(plan.rows[0]["QUERY PLAN"][0].Plan["Total Cost"]);
    }
    return out;
  }

  return {
    async measure(op: () => Promise<unknown>): Promise<Cost> {
      const before = await read();
      wire.statements = 0;
      wire.unnamed = 0;
      wire.named.clear();
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
      const planCostByStatement = await planCosts(wire.named);
      return {
        statements,
        plans: unnamed + after.plans - before.plans,
        rows: total(rowsByTable),
        functions: total(callsByFunction),
        buffers: total(buffersByTable),
        rowsByTable,
        callsByFunction,
        buffersByTable,
        planCost: total(planCostByStatement),
        planCostByStatement,
      };
    },
  };
}
