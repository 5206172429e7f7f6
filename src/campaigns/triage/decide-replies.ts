// Bulk triage (issue 56 item 2: "bulk actions"): one decision for many replies, with the results and
// rows of decideReply called on each in order, and a fixed number of statements for the common work
// instead of some eighteen a reply.
//
// The replies' snapshots are read at once and checked as decideReply checks them (a repeat, a reply
// no longer pending, an agent's refusal: that id's own result). The rest go through one transaction
// in the coordinator's lock order: their contacts, then the contacts' live enrollments (contact_id
// order), then the reply rows, each re-checked pending on its locked row (a reply someone decided
// meanwhile is refused alone). Then one stage at a time for all of them: exits by exitContactsBatch,
// later's pauses and the resumes written together, the replies marked, the automation classes counted
// in input order, the events logged in one insert. Opt-out, referral and hand-off go reply by reply
// (decideReply's own apply stage) inside that transaction. Replies of different contacts do not see
// each other's decisions (the classes aside, counted in order), so a reply whose contact is already in
// the batch waits for that one's transaction (a new segment), as it would one by one. If a segment's
// transaction fails, its replies are decided again one at a time and only the failing ones report it.
import type { Kysely } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import { retryOnLockConflict } from "../../coordinator/index.ts";
import { setActor } from "../../db/actor-context.ts";
import type { DB } from "../../db/database.ts";
import { BatonError, isBatonError } from "../../errors/baton-error.ts";
import { isDatabaseError } from "../../errors/map-db-error.ts";
import { exitContactsBatch } from "../exit-contacts-batch.ts";
import { lockLiveEnrollments } from "../reply-lookups.ts";
import { writePauses } from "../write-enrollment-pause.ts";
import {
  applyDecision,
  type DecisionEffects,
  decisionNotes,
  laterPause,
  noEffects,
} from "./apply-decision.ts";
import {
  checkDecision,
  lockReplies,
  refuseAgent,
  refuseAgentOnLocked,
  refuseUnlessPending,
  refuseUnlessPendingLocked,
} from "./check-decision.ts";
import { type DecideResult, decideReply, repeated } from "./decide-reply.ts";
import type { HeldEnrollment } from "./hold-on-reply.ts";
import { getTriageReplies, type TriageReplyDetail } from "./read-triage.ts";
import { type Decided, recordDecisions } from "./record-decisions.ts";
import { resumeHeldMany } from "./resume-held.ts";
import { type DecideInput, decisionProblems } from "./triage-decisions.ts";
import { requireTriager } from "./triage-roles.ts";

export const MAX_BULK_DECISIONS = 200;

type Decision = Omit<DecideInput, "replyId">;
type Outcome = DecideResult | BatonError;

/** decideReply for each id, in order: its result, or the BatonError decideReply would have thrown. */
export async function decideReplies(
  db: Kysely<DB>,
  actor: Principal,
  replyIds: readonly string[],
  decision: Decision,
  now: Date,
): Promise<Outcome[]> {
  requireTriager(actor, "decide replies in triage");
  if (replyIds.length > MAX_BULK_DECISIONS)
    throw new BatonError("REPLY_DECISION_INVALID", {
      problems: [{ path: "/reply_ids", message: `at most ${MAX_BULK_DECISIONS} a call` }],
    });
  // an invalid decision is every id's refusal; inside a caller's transaction nothing could be decided
  // again alone after a failed batch: the single path for each
  if (db.isTransaction || decisionProblems({ ...decision, replyId: "" }, now).length > 0)
    return oneByOne(db, actor, replyIds, decision, now);
  const out: Outcome[] = new Array(replyIds.length);
  const first = await getTriageReplies(db, actor, replyIds, false);
  const segments: { i: number; id: string }[][] = [[]];
  for (const [i, id] of replyIds.entries()) {
    const snap = first.get(id);
    if (!snap) {
      out[i] = new BatonError("REPLY_NOT_FOUND", { reply_id: id });
      continue;
    }
    // a reply of a contact already in the segment waits for that one's transaction
    const seg = segments[segments.length - 1];
    if (seg.some((x) => first.get(x.id)!.contact.contact_id === snap.contact.contact_id)) segments.push([]);
    segments[segments.length - 1].push({ i, id });
  }
  for (const [s, seg] of segments.entries()) {
    if (seg.length === 0) continue;
    // the first segment's snapshots are the ones just read; a later one's follow what committed before
    const snaps =
      s === 0
        ? first
        : await getTriageReplies(
            db,
            actor,
            seg.map((x) => x.id),
            false,
          );
    place(
      out,
      seg.map((x) => x.i),
      await decideSegment(db, actor, seg, snaps, decision, now),
    );
  }
  return out;
}

/** Each value at its place in `out` (a segment's or a stage's results back in input order). */
function place<T>(out: T[], at: readonly number[], values: readonly T[]): void {
  at.forEach((i, k) => {
    out[i] = values[k];
  });
}

async function oneByOne(
  db: Kysely<DB>,
  actor: Principal,
  replyIds: readonly string[],
  decision: Decision,
  now: Date,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const replyId of replyIds) {
    try {
      out.push(await decideReply(db, actor, { ...decision, replyId }, now));
    } catch (e) {
      if (!isBatonError(e)) throw e;
      out.push(e);
    }
  }
  return out;
}

/**
 * The replies of one segment (distinct contacts): the snapshot's checks, then the rest in one
 * transaction; if it fails, those decided one at a time.
 */
async function decideSegment(
  db: Kysely<DB>,
  actor: Principal,
  seg: readonly { id: string }[],
  snaps: ReadonlyMap<string, TriageReplyDetail>,
  decision: Decision,
  now: Date,
): Promise<Outcome[]> {
  const out: Outcome[] = new Array(seg.length);
  const todo: { k: number; snap: TriageReplyDetail }[] = [];
  for (const [k, { id }] of seg.entries()) {
    const snap = snaps.get(id);
    if (!snap) {
      out[k] = new BatonError("REPLY_NOT_FOUND", { reply_id: id });
      continue;
    }
    const again = repeated(actor, snap, decision.decision);
    if (again) {
      out[k] = { reply: snap, effects: again };
      continue;
    }
    try {
      refuseUnlessPending(snap);
      refuseAgent(actor, snap, { ...decision, replyId: id });
      todo.push({ k, snap });
    } catch (e) {
      if (!isBatonError(e)) throw e;
      out[k] = e;
    }
  }
  if (todo.length === 0) return out;
  let done: (DecisionEffects | BatonError)[];
  try {
    done = await retryOnLockConflict(() =>
      db.transaction().execute(async (tx) => {
        await setActor(tx, actor, now);
        return decideWithinMany(
          tx,
          actor,
          todo.map((x) => x.snap),
          decision,
          now,
        );
      }),
    );
  } catch (e) {
    // the database refused the batch, or a reply's own apply stage did: one by one, each with the
    // answer decideReply gives it; anything else is a fault
    if (!isBatonError(e) && !isDatabaseError(e)) throw e;
    const ids = todo.map((x) => x.snap.reply_id);
    place(
      out,
      todo.map((x) => x.k),
      await oneByOne(db, actor, ids, decision, now),
    );
    return out;
  }
  const after = await getTriageReplies(
    db,
    actor,
    todo.filter((_, j) => !isBatonError(done[j])).map((x) => x.snap.reply_id),
  );
  todo.forEach((x, j) => {
    const d = done[j];
    const reply = after.get(x.snap.reply_id);
    if (isBatonError(d)) out[x.k] = d;
    else
      out[x.k] = reply
        ? { reply, effects: d }
        : new BatonError("REPLY_NOT_FOUND", { reply_id: x.snap.reply_id });
  });
  return out;
}

/** A reply ready to apply: its locked row, what it held, the enrollment it answers, later's date. */
interface Ready extends Omit<Decided, "effects"> {
  k: number;
  held: HeldEnrollment[];
  until: Date | null;
}

/**
 * decideReply's stages for replies of distinct contacts in one transaction: lock (all at once),
 * gate and check (each reply's refusal its own), apply and record (together).
 */
async function decideWithinMany(
  tx: Kysely<DB>,
  actor: Principal,
  snaps: readonly TriageReplyDetail[],
  decision: Decision,
  now: Date,
): Promise<(DecisionEffects | BatonError)[]> {
  const clientId = actor.clientId;
  const lives = await lockLiveEnrollments(
    tx,
    clientId,
    snaps.map((x) => x.contact.contact_id),
  );
  const rows = new Map(
    (
      await lockReplies(
        tx,
        clientId,
        snaps.map((x) => x.reply_id),
      )
    ).map((r) => [r.id, r]),
  );
  const out: (DecisionEffects | BatonError)[] = new Array(snaps.length);
  const ready: Ready[] = [];
  for (const [k, snap] of snaps.entries()) {
    const row = rows.get(snap.reply_id);
    if (!row) throw new Error(`reply ${snap.reply_id} vanished under its contact's lock`);
    const live = lives.get(snap.contact.contact_id) ?? [];
    const held = (row.held ?? []) as HeldEnrollment[];
    const target = live.find((e) => e.id === row.enrollment_id) ?? null;
    const input = { ...decision, replyId: snap.reply_id };
    try {
      refuseUnlessPendingLocked(row, snap);
      refuseAgentOnLocked(actor, snap, input, row, held, live);
      const { until } = checkDecision(snap, input, row, target, now);
      ready.push({ k, snap, row, held, target, until });
    } catch (e) {
      if (!isBatonError(e)) throw e;
      out[k] = e;
    }
  }
  if (ready.length === 0) return out;
  const effects = await applyMany(tx, actor, decision, ready, now);
  const decided = ready.map((x, j) => ({ snap: x.snap, row: x.row, target: x.target, effects: effects[j] }));
  await recordDecisions(tx, actor, decision, decided, now);
  place(
    out,
    ready.map((x) => x.k),
    effects,
  );
  return out;
}

/**
 * Apply stage for many: continue and not_a_reply resume, exit ends the answered enrollments in one
 * exitContactsBatch, later pauses them together, then what each reply held resumes together. Opt-out,
 * referral and hand-off apply reply by reply, as decideReply applies them.
 */
async function applyMany(
  tx: Kysely<DB>,
  actor: Principal,
  decision: Decision,
  ready: readonly Ready[],
  now: Date,
): Promise<DecisionEffects[]> {
  const clientId = actor.clientId;
  const d = decision.decision;
  const effects = ready.map(() => noEffects());
  if (d === "opt_out" || d === "referral" || d === "handoff") {
    for (const [j, x] of ready.entries())
      effects[j] = await applyDecision(
        tx,
        actor,
        x.snap,
        { ...decision, replyId: x.snap.reply_id },
        x.row,
        x.held,
        x.target,
        now,
      );
    return effects;
  }
  if (d === "exit") {
    const exits = await exitContactsBatch(
      tx,
      {
        clientId,
        enrollmentIds: ready.map((x) => x.target!.id),
        reason: decision.exitReason!,
        actor,
        notes: decisionNotes(decision),
      },
      now,
    );
    exits.forEach((e, j) => {
      effects[j].exit = e;
    });
  }
  if (d === "later") {
    await writePauses(
      tx,
      clientId,
      ready.map((x) => laterPause(actor, x.snap, x.target!, x.until!)),
      now,
    );
    ready.forEach((x, j) => {
      effects[j].paused_until = x.until!.toISOString();
    });
  }
  // continue and not_a_reply resume everything the reply held; exit and later all but the answered one
  const resumed = await resumeHeldMany(
    tx,
    actor,
    ready.map((x) => ({
      replyId: x.snap.reply_id,
      contactId: x.snap.contact.contact_id,
      held: x.held,
      except: d === "exit" || d === "later" ? [x.target!.id] : [],
    })),
    now,
  );
  resumed.forEach((r, j) => {
    effects[j].resumed = r;
  });
  return effects;
}
