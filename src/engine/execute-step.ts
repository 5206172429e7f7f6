// spec 002 execute_sequence_step: claim due enrollments (FOR UPDATE SKIP LOCKED plus a lease, so
// any number of workers can run and a crashed worker's claim comes back after the lease), ask the
// coordinator (spec 001), create the send item once (idempotency key enrollment:step), draft it,
// and advance current_step / next_send_at.
//
// A batch of one tenant's claimed enrollments runs in ONE transaction with a fixed number of
// statements (about 12 for any batch size): a crash before commit leaves every enrollment as it
// was (claimed until the lease ends), a commit does all of it. Locks are taken in the order used
// everywhere: contacts (by contact_id), then enrollments (by id), then send items.
import { type Kysely, type Selectable, sql } from "kysely";
import { lockEnrollments } from "../campaigns/exit-contacts-batch.ts";
import type { Decision } from "../coordinator/contract.ts";
import { gateStepsBatch } from "../coordinator/gate-steps-batch.ts";
import { requestActivations } from "../coordinator/request-activations.ts";
import type { CampaignContactsTable } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { batchThenEach, byClient, type Claimed, type ClaimOptions, claimWithLease } from "./claims.ts";
import { createAndDraft, type Step, stepKey } from "./create-send-items.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { addDays } from "./schedule.ts";
import { placeInSendWindows } from "./schedule-in-window.ts";

/**
 * Claims up to `batch` due enrollments for this worker until now + leaseMs: the earliest due first,
 * and among those due at the same instant by id (0180), so which rows a pass takes never depends on
 * their physical order (the simulation's report did).
 */
export function claimDueEnrollments(db: Kysely<DB>, now: Date, opts: ClaimOptions): Promise<Claimed[]> {
  return claimWithLease(
    db,
    "campaign_contacts",
    sql`select id from campaign_contacts
         where status in ('active', 'queued')
           and next_send_at <= ${now}
           and (paused_until is null or paused_until <= ${now})
           and (claimed_until is null or claimed_until <= ${now})
         order by next_send_at, id
         limit ${opts.batch}
         for update skip locked`,
    now,
    opts,
  );
}

export type StepOutcome =
  | {
      kind: "executed";
      step: number;
      sendItemId: string;
      final: boolean;
      drafting: "inline" | "task";
      /** the item was approved and claimed for this worker's send phase (ExecuteOptions.claimSends) */
      sendClaimed?: boolean;
    }
  | { kind: "activation"; action: Decision["action"] }
  | { kind: "gated"; action: Decision["action"]; reason: string | null; until: Date | null }
  | { kind: "skipped"; why: "claim_lost" | "not_due" | "not_active" };

export interface ExecuteOptions {
  /**
   * Claim the auto-approved email items for this worker as they are staged (the lease of a send
   * claim): the pass's send phase then takes them without a claim statement of its own. Only for a
   * caller that runs sendDue with `handed` next (runEngineOnce); the lease returns them otherwise.
   */
  claimSends?: boolean;
}

/** Runs one claimed enrollment's due step in one transaction. */
export async function executeClaimedStep(
  deps: EngineDeps,
  claimed: Claimed,
  workerId: string,
  now: Date,
  opts: ExecuteOptions = {},
): Promise<StepOutcome> {
  const out = await deps.db
    .transaction()
    .execute((tx) => executeStepsIn(deps, tx, claimed.client_id, [claimed.id], workerId, now, opts));
  return out.get(claimed.id) ?? { kind: "skipped", why: "claim_lost" };
}

export type BatchResult = { id: string; outcome: StepOutcome } | { id: string; error: unknown };

/**
 * Runs claimed enrollments' due steps, one transaction per tenant's batch. When a batch fails
 * (a deadlock abort, one enrollment's bad data), its enrollments are run one by one, so one bad
 * enrollment never holds back the others; its error is reported and its claim ends with the lease.
 */
export async function executeClaimedSteps(
  deps: EngineDeps,
  claimed: Claimed[],
  workerId: string,
  now: Date,
  opts: ExecuteOptions = {},
): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const [clientId, ids] of byClient(claimed))
    await batchThenEach(
      ids,
      async (list) => {
        const out = await deps.db
          .transaction()
          .execute((tx) => executeStepsIn(deps, tx, clientId, list, workerId, now, opts));
        for (const id of list)
          results.push({ id, outcome: out.get(id) ?? { kind: "skipped", why: "claim_lost" } });
      },
      (error, id) => results.push({ id, error }),
    );
  return results;
}

type Enrollment = Selectable<CampaignContactsTable>;

async function executeStepsIn(
  deps: EngineDeps,
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
  workerId: string,
  now: Date,
  opts: ExecuteOptions,
): Promise<Map<string, StepOutcome>> {
  const out = new Map<string, StepOutcome>();
  // lock order: the contacts first, then the enrollments
  const rows: Enrollment[] = await lockEnrollments(tx, clientId, ids);
  const release: string[] = [];
  const due: Enrollment[] = [];
  const queued: Enrollment[] = [];
  for (const e of rows) {
    // another worker took over after our lease ended and already finished (or holds) the step
    if (e.claimed_by !== workerId) out.set(e.id, { kind: "skipped", why: "claim_lost" });
    else if (e.status === "queued") queued.push(e);
    else if (e.status !== "active") {
      release.push(e.id);
      out.set(e.id, { kind: "skipped", why: "not_active" });
    } else if (!e.next_send_at || e.next_send_at > now || (e.paused_until && e.paused_until > now)) {
      release.push(e.id);
      out.set(e.id, { kind: "skipped", why: "not_due" });
    } else due.push(e);
  }

  // spec 001: a queued/held activation is asked again when its time comes (all of them at once)
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
    release.push(e.id);
    out.set(e.id, { kind: "activation", action: r.decision.action });
  });

  // spec 001: every due step passes the gates; hold/queue moved next_send_at, block ended it
  const decisions = await gateStepsBatch(tx, { clientId, enrollmentIds: due.map((e) => e.id) }, now);
  const allowed: Enrollment[] = [];
  for (const e of due) {
    const d = decisions.get(e.id);
    if (d?.action === "allow") allowed.push(e);
    else {
      release.push(e.id);
      if (d) out.set(e.id, { kind: "gated", action: d.action, reason: d.reason, until: d.until });
      else out.set(e.id, { kind: "skipped", why: "not_active" });
    }
  }

  const stepsOf = await loadSteps(tx, clientId, [...new Set(allowed.map((e) => e.campaign_id))]);
  const claim = opts.claimSends
    ? { workerId, until: new Date(now.getTime() + deps.claimLeaseMs) }
    : undefined;
  const created = await createAndDraft(
    deps,
    tx,
    clientId,
    allowed.filter((e) => stepsOf.get(e.campaign_id)?.has(e.current_step)),
    stepsOf,
    now,
    claim,
  );

  // spec 002: next_send_at = enrolled_at + delay_days(next step); after the final step it is null and
  // the exit (no_engagement) follows once the final touch is settled (finish-sequences.ts):
  // exit_contact would cancel the touch that is still to go out.
  const advance = allowed.map((e) => {
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
      .where("claimed_by", "=", workerId)
      .execute();
  }
  for (const e of allowed) {
    const steps = stepsOf.get(e.campaign_id);
    const final = !steps?.has(e.current_step + 1);
    const c = created.get(e.id);
    // a current step past the sequence's end (the campaign lost steps): the sequence is over
    if (!c && final)
      await deps.exitContact(tx, { clientId, enrollmentId: e.id, reason: "no_engagement" }, now);
    out.set(e.id, {
      kind: "executed",
      step: e.current_step,
      sendItemId: c?.sendItemId ?? "",
      final,
      drafting: c?.drafting ?? "inline",
      sendClaimed: c?.sendClaimed ?? false,
    });
  }
  return out;
}

async function loadSteps(
  tx: Kysely<DB>,
  clientId: string,
  campaignIds: string[],
): Promise<Map<string, Map<number, Step>>> {
  const out = new Map<string, Map<number, Step>>();
  if (campaignIds.length === 0) return out;
  const rows = await tx
    .selectFrom("campaign_sequences as s")
    .leftJoin("learning_variant_winners as w", (j) =>
      j
        .onRef("w.client_id", "=", "s.client_id")
        .onRef("w.campaign_id", "=", "s.campaign_id")
        .onRef("w.step_number", "=", "s.step_number"),
    )
    .select([
      "s.campaign_id",
      "s.step_number",
      "s.delay_days",
      "s.channel",
      "s.variants",
      "w.variant as winner",
    ])
    .where("s.client_id", "=", clientId)
    .where("s.campaign_id", "in", campaignIds)
    .execute();
  for (const r of rows) {
    if (!out.has(r.campaign_id)) out.set(r.campaign_id, new Map());
    out.get(r.campaign_id)!.set(r.step_number, r);
  }
  return out;
}
