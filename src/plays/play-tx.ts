// Every play write runs in one transaction that names its actor to the database (the triggers
// re-check every rule) and maps the triggers' SQLSTATEs to registry errors.
import type { Kysely, Transaction } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { type Actor, withActor } from "../db/actor-context.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import type { PlayRow } from "./play-view.ts";

export async function playTx<T>(
  db: Kysely<DB>,
  actor: Actor,
  now: Date,
  fn: (tx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  try {
    return await withActor(db, actor, now, fn);
  } catch (e) {
    rethrowDb(e);
  }
}

/** The play row, locked for this transaction (check twice: the decision is made on the locked row). */
export async function lockPlay(tx: Transaction<DB>, p: Principal, playId: string): Promise<PlayRow> {
  const row = isUuid(playId)
    ? await tx
        .selectFrom("plays")
        .selectAll()
        .where("client_id", "=", p.clientId)
        .where("play_id", "=", playId)
        .forUpdate()
        .executeTakeFirst()
    : undefined;
  if (!row) throw new BatonError("NOT_FOUND", { entity: "Play", id: playId });
  return row;
}
