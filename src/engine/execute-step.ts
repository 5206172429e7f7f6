// spec 002 execute_sequence_step: take due enrollments, ask the coordinator (spec 001), create the
// send item once (idempotency key enrollment:step), draft it, send it when it sends itself, and
// advance current_step / next_send_at.
//
// Issue 39 items 1 and 3: a step's claim is a row lock, not a lease. Each tenant's due enrollments
// are locked with their contacts (FOR UPDATE SKIP LOCKED) in the transaction that executes their
// steps, so any number of workers share the work, and a crashed worker's locks end with its
// connection: nothing is written to claim a step or to hand it back. On PostgreSQL an auto-approved
// email goes out inside that same transaction (send-in-step.ts), before its item is written, which
// is then inserted once, already sent: one decision, one event, the contact locks held from the
// gates to the touch, and a final step's exit at once. PGlite
// has one connection, and the channel's ledger must commit before SMTP while the step's transaction
// is open, so there the item is claimed for the pass's send phase (a lease) as before.
//
// A batch of one tenant's enrollments runs in ONE transaction with a fixed number of statements: a
// crash before commit leaves every enrollment as it was, a commit does all of it. Locks are taken in
// the order used everywhere: contacts (by contact_id), then enrollments (by id), then send items;
// the claim itself never waits (SKIP LOCKED), so it cannot deadlock with that order.
import { type Kysely, sql } from "kysely";
import { exitContactsBatch } from "../campaigns/index.ts";
import type { Decision } from "../coordinator/contract.ts";
import {
  type GateSnapshotKept,
  gateStepsBatch,
  markContacts,
  requestActivations,
} from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { holdBackWithLease } from "../db/tenant-claims.ts";
import { createAndDraft, loadSteps, stepKey } from "./create-send-items.ts";
import { dueStepTenants, dueWhere, type Enrollment, lockDueEnrollments } from "./due-steps.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { addDays } from "./schedule.ts";
import { placeInSendWindows } from "./schedule-in-window.ts";
import type { SendOutcome } from "./send-approved.ts";
import { sendsInStep, withNothingUnsent } from "./send-in-step.ts";
import { tracedSteps } from "./traced-steps.ts";

export type StepOutcome =
  | {
      kind: "executed";
      step: number;
      sendItemId: string;
      final: boolean;
      drafting: "inline" | "task";
      /** the item was approved and claimed for this worker's send phase (StepOptions.claimSends) */
      sendClaimed?: boolean;
      /** the item went out (or failed) inside the step's transaction (StepOptions.sendInline) */
      sent?: SendOutcome;
      /** the sequence ended in the step's transaction (its final touch settled) */
      exited?: boolean;
    }
  | { kind: "activation"; action: Decision["action"] }
  | { kind: "gated"; action: Decision["action"]; reason: string | null; until: Date | null }
  | { kind: "skipped"; why: "not_due" | "not_active" };

export interface StepOptions {
  workerId: string;
  batch: number;
  /**
   * PGlite: claim the auto-approved email items for this worker as they are staged (the lease of a
   * send claim): the pass's send phase then takes them without a claim statement of its own.
   */
  claimSends?: boolean;
  /** PostgreSQL: send the auto-approved email items inside the step's transaction (send-in-step.ts). */
  sendInline?: boolean;
  /** when a send is recorded (the wall clock; default: now) */
  clock?: () => Date;
}

export type BatchResult =
  | { id: string; clientId: string; outcome: StepOutcome }
  | { id: string; clientId: string; error: unknown };

/**
 * Runs up to `opts.batch` due steps, one transaction per tenant. When a tenant's batch fails (a
 * deadlock abort, one enrollment's bad data), its due enrollments are run one by one, so one bad
 * enrollment never holds back the others; its error is reported, and it is held back by a lease
 * (claimed_until, the one lease a step ever writes) so that it is tried again only after it ends.
 */
export async function runDueSteps(deps: EngineDeps, now: Date, opts: StepOptions): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  let budget = opts.batch;
  for (const clientId of await dueStepTenants(deps.db, now, Math.max(100, opts.batch * 4))) {
    if (budget <= 0) break;
    try {
      const out = await tracedSteps(clientId, undefined, () =>
        deps.db.transaction().execute(async (tx) => {
          const rows = await lockDueEnrollments(tx, clientId, now, budget, { worker: named(deps, opts) });
          return executeLockedSteps(deps, tx, clientId, rows, now, opts);
        }),
      );
      for (const [id, outcome] of out) results.push({ id, clientId, outcome });
      budget -= out.size;
    } catch {
      budget -= await oneByOne(deps, clientId, now, budget, opts, results);
    }
  }
  return results;
}

/** The worker's name for pg_stat_activity (a server's sessions; PGlite has none to show). */
const named = (deps: EngineDeps, opts: StepOptions) =>
  deps.dbKind === "pglite" ? undefined : opts.workerId.slice(0, 40);

async function oneByOne(
  deps: EngineDeps,
  clientId: string,
  now: Date,
  budget: number,
  opts: StepOptions,
  results: BatchResult[],
): Promise<number> {
  const due = await sql<{ id: string }>`
    select e.id from campaign_contacts e where e.client_id = ${clientId} and ${dueWhere(now)}
     order by e.next_send_at, e.id limit ${budget}`.execute(deps.db);
  for (const { id } of due.rows) {
    try {
      const out = await tracedSteps(clientId, id, () =>
        deps.db.transaction().execute(async (tx) => {
          const rows = await lockDueEnrollments(tx, clientId, now, 1, {
            only: [id],
            worker: named(deps, opts),
          });
          return executeLockedSteps(deps, tx, clientId, rows, now, opts);
        }),
      );
      for (const [rid, outcome] of out) results.push({ id: rid, clientId, outcome });
    } catch (error) {
      results.push({ id, clientId, error });
      const until = new Date(now.getTime() + deps.claimLeaseMs);
      await holdBackWithLease(deps.db, "campaign_contacts", clientId, id, opts.workerId, until);
    }
  }
  return due.rows.length;
}

/** Executes the due steps of enrollments this transaction has locked (lockDueEnrollments). */
async function executeLockedSteps(
  deps: EngineDeps,
  tx: Kysely<DB>,
  clientId: string,
  locked: Enrollment[],
  now: Date,
  opts: StepOptions,
): Promise<Map<string, StepOutcome>> {
  const out = new Map<string, StepOutcome>();
  if (locked.length === 0) return out;
  const rows = [...locked].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const contacts = [...new Set(rows.map((e) => e.contact_id))].sort();
  const release: string[] = [];
  const due: Enrollment[] = [];
  const queued: Enrollment[] = [];
  for (const e of rows) {
    if (e.status === "queued") queued.push(e);
    else due.push(e);
  }

  await askQueuedAgain(tx, clientId, queued, release, out, now);

  // spec 001: every due step passes the gates; hold/queue moved next_send_at, block ended it
  const kept: GateSnapshotKept = {};
  const allowed = await gateDueSteps(tx, clientId, due, contacts, kept, release, out, now);

  const stepsOf = await loadSteps(tx, clientId, [...new Set(allowed.map((e) => e.campaign_id))]);
  const claim = opts.claimSends
    ? { workerId: opts.workerId, until: new Date(now.getTime() + deps.claimLeaseMs) }
    : undefined;
  // issue 39 item 1: on PostgreSQL the auto-approved emails go out now, in this transaction, before
  // their items are inserted (each item written once, in its final state)
  const sends =
    opts.sendInline && deps.email
      ? sendsInStep(deps, tx, clientId, stepsOf, now, opts.clock ?? (() => now), {
          enrollments: new Map(allowed.map((e) => [e.id, e])),
          gates: kept,
        })
      : undefined;
  const created = await createAndDraft(
    deps,
    tx,
    clientId,
    allowed.filter((e) => stepsOf.get(e.campaign_id)?.has(e.current_step)),
    stepsOf,
    now,
    claim,
    sends?.sendFirst,
  );

  // A final step whose item is its enrollment's only unsent one ends right after it is sent (below):
  // its touch releases the contact (one version of the contact)
  const inline = sends ? allowed.filter((e) => created.get(e.id)?.autoSend) : [];
  const inlineItems = inline.map((e) => created.get(e.id)!.sendItemId);
  const ending = new Set(
    await withNothingUnsent(
      tx,
      clientId,
      inline.filter((e) => !stepsOf.get(e.campaign_id)?.has(e.current_step + 1)).map((e) => e.id),
      inlineItems,
    ),
  );
  const sent = sends
    ? await sends.record(new Set(inlineItems), contacts, ending)
    : new Map<string, SendOutcome>();

  // the allowed steps mark their contacts, but for those whose touch did (one version of the contact)
  await markContacts(
    tx,
    clientId,
    allowed
      .filter((e) => sent.get(created.get(e.id)?.sendItemId ?? "") !== "sent")
      .map((e) => ({ contactId: e.contact_id, enrollmentId: e.id, step: e.current_step })),
  );

  await settleAllowedSteps(
    deps,
    tx,
    clientId,
    { allowed, stepsOf, created, sent, ending },
    release,
    out,
    now,
  );
  return out;
}

/**
 * executeLockedSteps' first stage: a queued/held activation is asked again when its time comes (all
 * of them at once, spec 001); its answer is the enrollment's outcome, and a claimed one is released.
 */
async function askQueuedAgain(
  tx: Kysely<DB>,
  clientId: string,
  queued: Enrollment[],
  release: string[],
  out: Map<string, StepOutcome>,
  now: Date,
): Promise<void> {
  const asked = await requestActivations(
    tx,
    queued.map((e) => ({
      clientId,
      contactId: e.contact_id,
      campaignId: e.campaign_id,
      requestedBy: null,
      originatingAgentId: e.originating_agent_id,
      goal: e.goal,
      notes: e.notes,
      existingEnrollmentId: e.id,
    })),
    now,
  );
  queued.forEach((e, i) => {
    const r = asked[i];
    if ("error" in r) throw r.error;
    if (e.claimed_by !== null) release.push(e.id);
    out.set(e.id, { kind: "activation", action: r.decision.action });
  });
}

/**
 * executeLockedSteps' gate stage: every due step passes the gates (spec 001) on the locked
 * contacts, the snapshot kept for the sends; the allowed enrollments, the others answered (and
 * released when claimed).
 */
async function gateDueSteps(
  tx: Kysely<DB>,
  clientId: string,
  due: Enrollment[],
  contacts: string[],
  kept: GateSnapshotKept,
  release: string[],
  out: Map<string, StepOutcome>,
  now: Date,
): Promise<Enrollment[]> {
  const decisions = await gateStepsBatch(
    tx,
    {
      clientId,
      enrollmentIds: due.map((e) => e.id),
      enrollments: due,
      lockedContactIds: contacts,
      deferMarks: true,
      keep: kept,
    },
    now,
  );
  const allowed: Enrollment[] = [];
  for (const e of due) {
    const d = decisions.get(e.id);
    if (d?.action === "allow") allowed.push(e);
    else {
      if (e.claimed_by !== null) release.push(e.id);
      if (d) out.set(e.id, { kind: "gated", action: d.action, reason: d.reason, until: d.until });
      else out.set(e.id, { kind: "skipped", why: "not_active" });
    }
  }
  return allowed;
}

/** What executeLockedSteps made of the allowed steps, for settleAllowedSteps. */
interface StepsDone {
  allowed: Enrollment[];
  stepsOf: Awaited<ReturnType<typeof loadSteps>>;
  created: Awaited<ReturnType<typeof createAndDraft>>;
  sent: Map<string, SendOutcome>;
  /** the enrollments whose final touch was their only unsent item */
  ending: Set<string>;
}

/**
 * executeLockedSteps' last stage: each allowed enrollment advances to its next step (or exits
 * when its final touch settled here), the claims are released, and each step's outcome is answered.
 */
async function settleAllowedSteps(
  deps: EngineDeps,
  tx: Kysely<DB>,
  clientId: string,
  { allowed, stepsOf, created, sent, ending }: StepsDone,
  release: string[],
  out: Map<string, StepOutcome>,
  now: Date,
): Promise<void> {
  // spec 002: next_send_at = enrolled_at + delay_days(next step); after the final step it is null and
  // the exit (no_engagement) follows once the final touch is settled: at once when it was sent (or
  // failed) here, else by finish-sequences.ts (exit_contact would cancel the touch still to go out).
  // ... when its touch settled here (sent, failed or an unknown outcome; not held for a retry)
  const settled = (e: Enrollment) => {
    const outcome = sent.get(created.get(e.id)?.sendItemId ?? "");
    return outcome === "sent" || outcome === "failed" || outcome === "unknown";
  };
  const exits = new Set(allowed.filter((e) => ending.has(e.id) && settled(e)).map((e) => e.id));
  const advance = allowed
    .filter((e) => !exits.has(e.id))
    .map((e) => {
      const next = stepsOf.get(e.campaign_id)?.get(e.current_step + 1);
      return {
        id: e.id,
        step: next ? next.step_number : e.current_step,
        at: next ? addDays(e.enrolled_at, next.delay_days).toISOString() : null,
      };
    });
  // issue 12: inside the campaign's send window, at this step's own jittered slot
  await placeInSendWindows(tx, clientId, advance, stepKey);
  if (advance.length) {
    await sql`update campaign_contacts e
                 set current_step = v.step, next_send_at = v.at, claimed_by = null, claimed_until = null,
                     updated_at = ${now}
                from (select unnest(${advance.map((a) => a.id)}::uuid[]) as id,
                             unnest(${advance.map((a) => a.step)}::int[]) as step,
                             unnest(${advance.map((a) => a.at)}::timestamptz[]) as at) v
               where e.client_id = ${clientId} and e.id = v.id`.execute(tx);
  }
  if (release.length) {
    await tx
      .updateTable("campaign_contacts")
      .set({ claimed_by: null, claimed_until: null })
      .where("client_id", "=", clientId)
      .where("id", "in", release)
      .execute();
  }
  // one version of the enrollment: a sequence whose final touch settled here ends instead of advancing
  if (exits.size)
    await exitContactsBatch(
      tx,
      {
        clientId,
        enrollmentIds: [...exits],
        reason: "no_engagement",
        // locked with their contacts by this transaction, and not written since (they did not advance)
        locked: allowed.filter((e) => exits.has(e.id)),
        // their touch released the contact (endingEnrollmentIds); a failed send's did not
        released: new Set(
          allowed
            .filter((e) => exits.has(e.id) && sent.get(created.get(e.id)?.sendItemId ?? "") === "sent")
            .map((e) => e.id),
        ),
      },
      now,
    );
  for (const e of allowed) {
    const steps = stepsOf.get(e.campaign_id);
    const final = !steps?.has(e.current_step + 1);
    const c = created.get(e.id);
    // a current step past the sequence's end (the campaign lost steps): the sequence is over
    if (!c && final)
      await deps.exitContact(tx, { clientId, enrollmentId: e.id, reason: "no_engagement" }, now);
    const outcome = sent.get(c?.sendItemId ?? "");
    out.set(e.id, {
      kind: "executed",
      step: e.current_step,
      sendItemId: c?.sendItemId ?? "",
      final,
      drafting: c?.drafting ?? "inline",
      sendClaimed: c?.sendClaimed ?? false,
      ...(outcome ? { sent: outcome } : {}),
      ...(exits.has(e.id) ? { exited: true } : {}),
    });
  }
}
