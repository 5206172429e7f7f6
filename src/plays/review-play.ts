// spec 000 review: RevOps or a sales leader picks a draft up (draft -> under_review) and co-defines it.
// The database appends every edit to edits_during_review (who, when, from -> to), so no path skips it.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { assertDocuments, type SuggestedCadenceDoc, type TargetDefinitionDoc } from "./play-documents.ts";
import { lockPlay, playTx } from "./play-tx.ts";
import { type PlayView, toPlayView } from "./play-view.ts";

export async function pickUpPlay(db: Kysely<DB>, p: Principal, playId: string, now: Date): Promise<PlayView> {
  return playTx(db, p, now, async (tx) => {
    const play = await lockPlay(tx, p, playId);
    requireRole(p, "pick up a draft", "revops", "slm");
    if (play.state !== "draft") {
      throw new BatonError("PLAY_ILLEGAL_TRANSITION", {
        play_id: playId,
        from: play.state,
        to: "under_review",
      });
    }
    const row = await tx
      .updateTable("plays")
      .set({ state: "under_review" })
      .where("client_id", "=", p.clientId)
      .where("play_id", "=", playId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPlayView(row, now);
  });
}

export interface PlayEdit {
  name?: string;
  hypothesis?: string;
  target_definition?: TargetDefinitionDoc;
  suggested_cadence?: SuggestedCadenceDoc;
  active_period_end?: string | null;
}

export async function editPlay(
  db: Kysely<DB>,
  p: Principal,
  playId: string,
  edit: PlayEdit,
  now: Date,
): Promise<PlayView> {
  if (Object.values(edit).every((v) => v === undefined)) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "body", message: "names no field to change" }],
    });
  }
  if (edit.name !== undefined && !edit.name.trim()) {
    throw new BatonError("VALIDATION_FAILED", { errors: [{ path: "name", message: "must not be blank" }] });
  }
  assertDocuments({ target_definition: edit.target_definition, suggested_cadence: edit.suggested_cadence });
  return playTx(db, p, now, async (tx) => {
    const play = await lockPlay(tx, p, playId);
    // a brain agent revises its own draft until a reviewer picks it up (issue 38)
    if (p.kind === "agent" && play.writer_agent_id === p.agentId && play.state === "draft") {
      return reviseRow(tx, p, playId, edit, now);
    }
    requireRole(p, "edit a play in review", "revops", "slm");
    const onlySunset = Object.entries(edit).every(([k, v]) => k === "active_period_end" || v === undefined);
    if (play.state !== "under_review" && !(onlySunset && play.state === "active")) {
      throw new BatonError("PLAY_NOT_EDITABLE", { play_id: playId, state: play.state });
    }
    if (play.state === "active") requireRole(p, "change the sunset date of an active play", "revops");
    return reviseRow(tx, p, playId, edit, now);
  });
}

async function reviseRow(tx: Kysely<DB>, p: Principal, playId: string, edit: PlayEdit, now: Date) {
  const set: Record<string, unknown> = {};
  if (edit.name !== undefined) set.name = edit.name.trim();
  if (edit.hypothesis !== undefined) set.hypothesis = edit.hypothesis;
  if (edit.target_definition !== undefined) set.target_definition = JSON.stringify(edit.target_definition);
  if (edit.suggested_cadence !== undefined) set.suggested_cadence = JSON.stringify(edit.suggested_cadence);
  if (edit.active_period_end !== undefined) set.active_period_end = edit.active_period_end;
  const row = await tx
    .updateTable("plays")
    .set(set)
    .where("client_id", "=", p.clientId)
    .where("play_id", "=", playId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPlayView(row, now);
}
