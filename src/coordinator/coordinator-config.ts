// Per-tenant cap policy (spec 001 gate 3 "3-touch/week", spec 002 "1 per contact per day").
// Read by every decision; set by revops or admin.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { type CapConfig, DEFAULT_CAP_CONFIG } from "./gates/types.ts";

/** The statement of loadCapConfig (gateStep embeds it in its one-statement snapshot). */
export function capConfigQuery(tx: Kysely<DB>, clientId: string) {
  return tx
    .selectFrom("coordinator_config")
    .select(["weekly_touch_cap", "daily_touch_cap", "conflict_queue_hours"])
    .where("client_id", "=", clientId);
}

export function toCapConfig(
  row: { weekly_touch_cap: number; daily_touch_cap: number; conflict_queue_hours: number } | undefined,
): CapConfig {
  if (!row) return DEFAULT_CAP_CONFIG;
  return {
    weeklyTouchCap: row.weekly_touch_cap,
    dailyTouchCap: row.daily_touch_cap,
    conflictQueueHours: row.conflict_queue_hours,
  };
}

export async function loadCapConfig(tx: Kysely<DB>, clientId: string): Promise<CapConfig> {
  return toCapConfig(await capConfigQuery(tx, clientId).executeTakeFirst());
}

export async function getCoordinatorConfig(db: Kysely<DB>, actor: Principal): Promise<CapConfig> {
  requireRole(actor, "read the coordinator config", "revops", "admin");
  return loadCapConfig(db, actor.clientId);
}

export async function setCoordinatorConfig(
  db: Kysely<DB>,
  actor: Principal,
  patch: Partial<CapConfig>,
  now: Date,
): Promise<CapConfig> {
  requireRole(actor, "change the coordinator config", "revops", "admin");
  const current = await loadCapConfig(db, actor.clientId);
  const next = {
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  };
  const values = {
    weekly_touch_cap: next.weeklyTouchCap,
    daily_touch_cap: next.dailyTouchCap,
    conflict_queue_hours: next.conflictQueueHours,
    updated_at: now,
    updated_by_principal_id: actor.principalId,
  };
  await db
    .insertInto("coordinator_config")
    .values({ client_id: actor.clientId, ...values })
    .onConflict((oc) => oc.column("client_id").doUpdateSet(values))
    .execute();
  return next;
}
