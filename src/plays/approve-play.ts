// spec 000 joint approval: an SLM and a RevOps person, two distinct people, each approve; the second
// approval activates the play in the same statement, where the trigger checks the caps on locked rows.
import type { Kysely } from "kysely";
import { hasRole, type Principal, requireRole } from "../auth/principal.ts";
import { setActor } from "../db/actor-context.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
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

type ApprovalState = Pick<
  PlayRow,
  "state" | "slm_approver_user_id" | "revops_approver_user_id" | "active_period_start"
>;

/** The columns `p`'s approval changes on a play in `play`'s state, or the error that refuses it. */
function approvalChanges(
  p: Principal,
  playId: string,
  play: ApprovalState,
  input: ApproveInput,
  now: Date,
): Record<string, unknown> {
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
  return set;
}

export async function approvePlay(
  db: Kysely<DB>,
  p: Principal,
  playId: string,
  input: ApproveInput,
  now: Date,
): Promise<PlayView> {
  // inside a caller's transaction (an agent's approved request) the locked path alone
  const done = db.isTransaction ? undefined : await approveIfUnchanged(db, p, playId, input, now);
  if (done) return done;
  return playTx(db, p, now, async (tx) => {
    const play = await lockPlay(tx, p, playId);
    const row = await tx
      .updateTable("plays")
      .set(approvalChanges(p, playId, play, input, now))
      .where("client_id", "=", p.clientId)
      .where("play_id", "=", playId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toPlayView(row, now);
  });
}

/**
 * The common approval without the locked read (issue 14 item 3): the play's approval state is read
 * without a lock, the approval decided on it, and written in a transaction that names the actor
 * (SET LOCAL, src/db/actor-context.ts) and applies only while the play is still in the state it was
 * decided on: a compare-and-set whose row lock is the update's own, and whose triggers check every
 * rule of spec 000 on locked rows as the locked path's do. (It named the actor inside the update,
 * `from (select set_config…)`, one statement in its own transaction; Citus does not forward
 * set_config to the workers where the triggers run, so draft approval failed there.)
 * Undefined when the play moved in between, or when the decision would be a refusal: then the locked
 * path decides again on the locked row, and it alone raises the errors.
 */
async function approveIfUnchanged(
  db: Kysely<DB>,
  p: Principal,
  playId: string,
  input: ApproveInput,
  now: Date,
): Promise<PlayView | undefined> {
  if (!isUuid(playId)) return undefined;
  const seen = await db
    .selectFrom("plays")
    .select(["state", "slm_approver_user_id", "revops_approver_user_id", "active_period_start"])
    .where("client_id", "=", p.clientId)
    .where("play_id", "=", playId)
    .executeTakeFirst();
  if (!seen) return undefined;
  let set: Record<string, unknown>;
  try {
    set = approvalChanges(p, playId, seen, input, now);
  } catch (e) {
    if (e instanceof BatonError) return undefined;
    throw e;
  }
  try {
    const row = await db.transaction().execute(async (tx) => {
      await setActor(tx, p, now);
      return tx
        .updateTable("plays")
        .set(set)
        .where("client_id", "=", p.clientId)
        .where("play_id", "=", playId)
        .where("state", "=", seen.state)
        .where("slm_approver_user_id", "is not distinct from", seen.slm_approver_user_id)
        .where("revops_approver_user_id", "is not distinct from", seen.revops_approver_user_id)
        .where("active_period_start", "is not distinct from", seen.active_period_start)
        .returningAll()
        .executeTakeFirst();
    });
    return row ? toPlayView(row, now) : undefined;
  } catch (e) {
    rethrowDb(e);
  }
}
