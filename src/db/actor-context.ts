// Who is acting, told to the database. Triggers that decide who may write (spec 000: "these rules
// hold in the API and again in the database") read the actor from transaction-local settings:
//   current_setting('baton.actor_id', true)  the principal's uuid ('' when none)
//   baton.actor_kind                          'person' | 'agent' | 'system' ('' when none)
//   baton.actor_roles, baton.actor_agent_id   informative; triggers re-read roles from principals
//   baton.client_id                           the tenant
//   baton.now                                 the application's clock (time is a parameter); honoured
//                                             only where the owner allowed it (src/db/owner-settings.ts)
//   baton.actor_proof                         the raw session id or API token the principal's request
//                                             presented (issue 58): the plays rules hash it and accept
//                                             the actor only as the holder of that live credential
//                                             (db/migrations/0350_actor_proof.sql)
// The settings are local to the transaction (SET LOCAL), so call setActor inside db.transaction()
// and they vanish at commit or rollback; a pooled connection never leaks them.
//
// SET LOCAL, not set_config(…, true): on Citus the triggers run on the workers that hold the shards,
// and Citus forwards a SET LOCAL to them (under citus.propagate_set_commands = 'local', which
// `baton db distribute` sets), never a set_config call; the first write to plays failed there with
// PLAY_NO_ACTOR. On one PostgreSQL server and on PGlite the two are the same. SET takes no
// parameters, so each value is checked (printable ASCII, no backslash, bounded) and written as a
// quoted literal with its quotes doubled.
//
// The proof is the one value that is not written as a literal: a secret in SQL text would show in
// pg_stat_activity (which the runtime role reads for its own connections) and pg_stat_statements.
// It goes as a bound parameter to baton_present_proof(), which runs the SET LOCAL inside the
// database. actorSettings empties it first, so a second setActor in a transaction never inherits
// the first actor's proof.
import { type Kysely, type RawBuilder, sql, type Transaction } from "kysely";

/**
 * The key of a principal's proof: the raw session id or API token its request presented, which the
 * database hashes and checks against a live session or token of exactly this principal before the
 * plays rules take its word (issue 58, db/migrations/0350_actor_proof.sql). A symbol, so that
 * JSON.stringify (the logs, the API's answers) never writes it, while `{ ...principal }` keeps it.
 * Defined here, where the database is told it; src/auth/principal.ts gives it to its Principal.
 */
export const ACTOR_PROOF: unique symbol = Symbol("baton.actor_proof");

/** What the database is told of an acting principal (src/auth/principal.ts's Principal is one). */
export interface ActingPrincipal {
  principalId: string;
  clientId: string;
  kind: string;
  roles: readonly string[];
  agentId: string | null;
  [ACTOR_PROOF]?: string;
}

/** The background jobs' actor (the sunset job): no principal, kind 'system'. */
export const SYSTEM_ACTOR = "system" as const;
export type Actor = ActingPrincipal | typeof SYSTEM_ACTOR | null;

/** A value as a SET literal: checked, then quoted (no backslash, so standard_conforming_strings does not matter). */
function literal(name: string, value: string): string {
  if (value.length > 200 || !/^[\x20-\x7e]*$/.test(value) || value.includes("\\"))
    throw new Error(`actor setting ${name} is not a plain value: ${JSON.stringify(value.slice(0, 60))}`);
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The seven SET LOCAL statements that name `actor` to the database, as one text (one simple query,
 * one round trip), the proof emptied. setActor runs it, then presents the proof; it needs an open
 * transaction.
 */
export function actorSettings(actor: Actor, now?: Date): RawBuilder<unknown> {
  const p = actor === SYSTEM_ACTOR || actor === null ? null : actor;
  const kind = actor === SYSTEM_ACTOR ? "system" : (p?.kind ?? "");
  const settings: [string, string][] = [
    ["baton.actor_id", p?.principalId ?? ""],
    ["baton.actor_kind", kind],
    ["baton.actor_roles", p ? p.roles.join(",") : ""],
    ["baton.actor_agent_id", p?.agentId ?? ""],
    ["baton.client_id", p?.clientId ?? ""],
    ["baton.now", now ? now.toISOString() : ""],
    ["baton.actor_proof", ""],
  ];
  return sql.raw(settings.map(([name, value]) => `set local ${name} = ${literal(name, value)}`).join("; "));
}

/** The statement that presents `actor`'s proof (a bound parameter), or none when it carries none. */
export function proofStatement(actor: Actor): RawBuilder<unknown> | undefined {
  const proof = actor === SYSTEM_ACTOR || actor === null ? undefined : actor[ACTOR_PROOF];
  return proof ? sql`select baton_present_proof(${proof})` : undefined;
}

export async function setActor(tx: Transaction<any> | Kysely<any>, actor: Actor, now?: Date): Promise<void> {
  await actorSettings(actor, now).execute(tx);
  await proofStatement(actor)?.execute(tx);
}

/**
 * Runs fn in a transaction acting as `actor`, at time `now`. Given a transaction already, fn joins
 * it (the actor named in it from here on): an agent's approved action commits with its request's
 * outcome (src/agents/approvals).
 */
export async function withActor<D, T>(
  db: Kysely<D>,
  actor: Actor,
  now: Date | undefined,
  fn: (tx: Transaction<D>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) {
    await setActor(db, actor, now);
    return fn(db as Transaction<D>);
  }
  return db.transaction().execute(async (tx) => {
    await setActor(tx, actor, now);
    return fn(tx);
  });
}
