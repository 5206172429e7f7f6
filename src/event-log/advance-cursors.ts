// The consumers of the event log that read it behind cursors (migrations 0310, 0311): the learning
// rollup (step funnels) and the dashboard's daily figures. A pass advances each tenant's cursor of
// each consumer to the oldest transaction still in progress, folding the events in between into the
// consumer's rollup; run by the server's periodic work (src/runtime/background.ts). Readers add the
// events past the cursor themselves (learning_funnel_live, event_log_daily_live), so a slow pass
// never shows as wrong figures, only as a longer tail to read.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

export const EVENT_LOG_CONSUMERS = ["learning_rollup", "workspace_daily"] as const;
export type EventLogConsumer = (typeof EVENT_LOG_CONSUMERS)[number];

/** Advances one tenant's cursors; returns the rollup rows written per consumer. */
export async function advanceTenantCursors(
  db: Kysely<DB>,
  clientId: string,
): Promise<Record<EventLogConsumer, number>> {
  const out = { learning_rollup: 0, workspace_daily: 0 };
  for (const consumer of EVENT_LOG_CONSUMERS) {
    // one transaction a cursor: its row lock and the rollup's rows are held only for this tenant
    const r = await sql<{ n: string }>`
      select baton_advance_event_cursor(${clientId}, ${consumer}) as n`.execute(db);
    out[consumer] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

/** One pass over every tenant (the periodic job). */
export async function advanceEventCursors(db: Kysely<DB>): Promise<number> {
  const tenants = await db.selectFrom("clients").select("client_id").orderBy("client_id").execute();
  let rows = 0;
  for (const t of tenants) {
    const r = await advanceTenantCursors(db, t.client_id);
    rows += r.learning_rollup + r.workspace_daily;
  }
  return rows;
}
