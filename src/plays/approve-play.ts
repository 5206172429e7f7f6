// spec 000 joint approval: an SLM and a RevOps person, two distinct people, each approve; the second
// approval activates the play in the same statement, where the trigger checks the caps on locked rows.
import type { Kysely } from "kysely";
import { hasRole, type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { utcDate } from "./play-states.ts";
import { lockPlay, playTx } from "./play-tx.ts";
import { type PlayRow, type PlayView, toPlayView } from "./play-view.ts";

export type ApprovalRole = "slm" | "revops";

export interface ApproveInput {
  /** which approval this is; chosen from the principal's roles when omitted */
  as?: ApprovalRole;
  active_period_start?: string;
  active_period_end?: string | null;
}

/** The approval a principal gives: the explicit one, else their only approver role, else the one still missing. */
export function chooseApprovalRole(
  p: Principal,
  play: Pick<PlayRow, "slm_approver_user_id" | "revops_approver_user_id">,
  as?: ApprovalRole,
): ApprovalRole {
  if (as) return as;
  const slm = hasRole(p, "slm");
  const revops = hasRole(p, "revops");
  if (slm && !revops) return "slm";
  if (revops && !slm) return "revops";
  if (!slm && !revops) return "slm"; // refused by requireRole below, naming the roles
  if (play.slm_approver_user_id && !play.revops_approver_user_id) return "revops";
  if (play.revops_approver_user_id && !play.slm_approver_user_id) return "slm";
  throw new BatonError("VALIDATION_FAILED", {
    errors: [
      { path: "as", message: "you hold both approver roles: say which approval this is (slm or revops)" },
    ],
  });
}

export async function approvePlay(
  db: Kysely<DB>,
  p: Principal,
  playId: string,
  input: ApproveInput,
  now: Date,
): Promise<PlayView> {
  return playTx(db, p, now, async (tx) => {
    const play = await lockPlay(tx, p, playId);
    requireRole(p, "approve a play", "slm", "revops");
    if (play.state !== "under_review") {
      throw new BatonError("PLAY_ILLEGAL_TRANSITION", { play_id: playId, from: play.state, to: "active" });
    }
    const role = chooseApprovalRole(p, play, input.as);
    requireRole(p, `approve as ${role}`, role);
    const mine = role === "slm" ? play.slm_approver_user_id : play.revops_approver_user_id;
    const other = role === "slm" ? play.revops_approver_user_id : play.slm_approver_user_id;
    if (mine) throw new BatonError("PLAY_ALREADY_APPROVED", { play_id: playId, state: play.state, role });
    if (other === p.principalId)
      throw new BatonError("PLAY_SELF_DOUBLE_APPROVAL", { play_id: playId, user_id: p.principalId });
    const set: Record<string, unknown> =
      role === "slm" ? { slm_approver_user_id: p.principalId } : { revops_approver_user_id: p.principalId };
    if (input.active_period_end !== undefined) set.active_period_end = input.active_period_end;
    if (other) {
      set.state = "active";
      set.active_period_start = input.active_period_start ?? play.active_period_start ?? utcDate(now);
    } else if (input.active_period_start !== undefined) {
      set.active_period_start = input.active_period_start;
    }
    const row = await tx
      .updateTable("plays")
      .set(set)
      .where("client_id", "=", p.clientId)
      .where("play_id", "=", playId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPlayView(row, now);
  });
}
