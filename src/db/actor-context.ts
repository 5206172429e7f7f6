// Who is acting, told to the database. Triggers that decide who may write (spec 000: "these rules
// hold in the API and again in the database") read the actor from transaction-local settings:
//   current_setting('baton.actor_id', true)  the principal's uuid ('' when none)
//   baton.actor_kind                          'person' | 'agent' | 'system' ('' when none)
//   baton.actor_roles, baton.actor_agent_id   informative; triggers re-read roles from principals
//   baton.client_id                           the tenant
//   baton.now                                 the application's clock (time is a parameter); honoured
//                                             only where the owner allowed it (src/db/owner-settings.ts)
// The settings are local to the transaction (set_config(..., true)), so call setActor inside
// db.transaction() and they vanish at commit or rollback; a pooled connection never leaks them.
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";
import type { Principal } from "../auth/principal.ts";

/** The background jobs' actor (the sunset job): no principal, kind 'system'. */
export const SYSTEM_ACTOR = "system" as const;
export type Actor = Principal | typeof SYSTEM_ACTOR | null;

/**
 * The select list that names `actor` to the database: six transaction-local set_config calls. setActor
 * runs it alone; a one-statement write may run it as a subquery of its own (`from (select …) as actor`),
 * so that the settings are in place, in that statement's own transaction, before its triggers fire.
 */
export function actorSettings(actor: Actor, now?: Date): RawBuilder<unknown> {
  const p = actor === SYSTEM_ACTOR || actor === null ? null : actor;
  const kind = actor === SYSTEM_ACTOR ? "system" : (p?.kind ?? "");
  return sql`select
      set_config('baton.actor_id', ${p?.principalId ?? ""}, true),
      set_config('baton.actor_kind', ${kind}, true),
      set_config('baton.actor_roles', ${p ? p.roles.join(",") : ""}, true),
      set_config('baton.actor_agent_id', ${p?.agentId ?? ""}, true),
      set_config('baton.client_id', ${p?.clientId ?? ""}, true),
      set_config('baton.now', ${now ? now.toISOString() : ""}, true)`;
}

export async function setActor(tx: Transaction<any> | Kysely<any>, actor: Actor, now?: Date): Promise<void> {
  await actorSettings(actor, now).execute(tx);
}

/** Runs fn in a transaction acting as `actor`, at time `now`. */
export async function withActor<D, T>(
  db: Kysely<D>,
  actor: Actor,
  now: Date | undefined,
  fn: (tx: Transaction<D>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await setActor(tx, actor, now);
    return fn(tx);
  });
}
