// spec 000: only RevOps retires, with a retire_reason from the enum; retiring frees cap capacity at
// once. Retired is terminal: re-launching copies the play into a new draft that records its origin.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { assertDocuments, type RetrospectiveOutcomesDoc } from "./play-documents.ts";
import { type RetireReason, retireReasonsFrom } from "./play-states.ts";
import { lockPlay, playTx } from "./play-tx.ts";
import { type PlayView, toPlayView } from "./play-view.ts";

export async function retirePlay(
  db: Kysely<DB>,
  p: Principal,
  playId: string,
  reason: RetireReason | undefined,
  now: Date,
): Promise<PlayView> {
  return playTx(db, p, now, async (tx) => {
    const play = await lockPlay(tx, p, playId);
    requireRole(p, "retire a play", "revops");
    if (play.state === "retired") {
      throw new BatonError("PLAY_ILLEGAL_TRANSITION", { play_id: playId, from: "retired", to: "retired" });
    }
    const allowed = retireReasonsFrom(play.state);
    if (!reason || !allowed.includes(reason)) {
      throw new BatonError("PLAY_RETIRE_REASON_INVALID", {
        play_id: playId,
        from: play.state,
        retire_reason: reason ?? null,
        allowed,
      });
    }
    const row = await tx
      .updateTable("plays")
      .set({ state: "retired", retire_reason: reason })
      .where("client_id", "=", p.clientId)
      .where("play_id", "=", playId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPlayView(row, now);
  });
}

/** Copies a retired play into a new draft (copied_from_play_id records the origin; lineage is kept). */
export async function copyRetiredPlay(
  db: Kysely<DB>,
  p: Principal,
  playId: string,
  now: Date,
): Promise<PlayView> {
  return playTx(db, p, now, async (tx) => {
    const src = await lockPlay(tx, p, playId);
    requireRole(p, "copy a retired play into a new draft", "revops", "slm");
    if (src.state !== "retired")
      throw new BatonError("PLAY_COPY_SOURCE_NOT_RETIRED", { play_id: playId, state: src.state });
    const row = await tx
      .insertInto("plays")
      .values({
        client_id: p.clientId,
        scope: src.scope,
        segment: src.segment,
        account_id: src.account_id,
        name: src.name,
        hypothesis: src.hypothesis,
        target_definition: JSON.stringify(src.target_definition),
        suggested_cadence: JSON.stringify(src.suggested_cadence),
        success_criteria: JSON.stringify(src.success_criteria),
        originating_proposal_id: src.originating_proposal_id,
        writer_agent_id: src.writer_agent_id,
        copied_from_play_id: src.play_id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPlayView(row, now);
  });
}

/** RevOps records measured outcomes (spec 000: "populated quarterly by RevOps from cohort data"). */
export async function recordRetrospective(
  db: Kysely<DB>,
  p: Principal,
  playId: string,
  outcomes: RetrospectiveOutcomesDoc,
  now: Date,
): Promise<PlayView> {
  assertDocuments({ retrospective_outcomes: outcomes });
  return playTx(db, p, now, async (tx) => {
    const play = await lockPlay(tx, p, playId);
    requireRole(p, "record retrospective outcomes", "revops");
    if (play.state !== "active" && play.state !== "retired") {
      throw new BatonError("PLAY_NOT_EDITABLE", { play_id: playId, state: play.state });
    }
    const row = await tx
      .updateTable("plays")
      .set({ retrospective_outcomes: JSON.stringify(outcomes) })
      .where("client_id", "=", p.clientId)
      .where("play_id", "=", playId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPlayView(row, now);
  });
}
