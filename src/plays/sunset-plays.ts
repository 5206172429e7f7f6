// spec 000 sunset: after active_period_end a play is expired everywhere (the hot path and the caps skip
// it). Where RevOps configured auto-sunset for the play's segment (an account play: its account's
// segment), this pass retires it with reason auto_sunset, acting as the system actor (a background job,
// scheduled in src/runtime/background.ts).
import { type Kysely, sql } from "kysely";
import { SYSTEM_ACTOR } from "../db/actor-context.ts";
import type { DB } from "../db/database.ts";
import { utcDate } from "./play-states.ts";
import { playTx } from "./play-tx.ts";

/** Retires every expired active play of an auto-sunset segment, all tenants. Returns the retired ids. */
export async function sunsetExpiredPlays(db: Kysely<DB>, now: Date): Promise<string[]> {
  const due = await db
    .selectFrom("plays as p")
    .leftJoin("accounts as a", (j) =>
      j.onRef("a.client_id", "=", "p.client_id").onRef("a.account_id", "=", "p.account_id"),
    )
    .innerJoin("segments as s", (j) =>
      j.onRef("s.client_id", "=", "p.client_id").on(sql<boolean>`s.segment = coalesce(p.segment, a.segment)`),
    )
    .select(["p.client_id", "p.play_id"])
    .where("p.state", "=", "active")
    .where("p.active_period_end", "<", utcDate(now))
    .where("s.auto_sunset", "=", true)
    .limit(500)
    .execute();
  const retired: string[] = [];
  for (const { client_id, play_id } of due) {
    // one short transaction per play: a play retired by hand meanwhile is simply skipped
    const done = await playTx(db, SYSTEM_ACTOR, now, async (tx) => {
      const res = await tx
        .updateTable("plays")
        .set({ state: "retired", retire_reason: "auto_sunset" })
        .where("client_id", "=", client_id)
        .where("play_id", "=", play_id)
        .where("state", "=", "active")
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    });
    if (done) retired.push(play_id);
  }
  return retired;
}
