// spec 002 execute_sequence_step: claim due enrollments (FOR UPDATE SKIP LOCKED plus a lease, so
// any number of workers can run and a crashed worker's claim comes back after the lease), ask the
// coordinator (spec 001), create the send item once (idempotency key enrollment:step), draft it,
// and advance current_step / next_send_at. The whole step is one transaction: a crash before
// commit leaves the enrollment as it was (claimed until the lease ends), a commit does it all.
import { type Kysely, sql } from "kysely";
import type { Decision } from "../coordinator/contract.ts";
import type { DB } from "../db/database.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { addDays } from "./schedule.ts";
import { loadDraftInput, type SendItem, stageDraft } from "./stage-draft.ts";

export interface Claimed {
  id: string;
  client_id: string;
}

/** Claims up to `batch` due enrollments for this worker until now + leaseMs. */
export async function claimDueEnrollments(
  db: Kysely<DB>,
  now: Date,
  opts: { workerId: string; batch: number; leaseMs: number },
): Promise<Claimed[]> {
  const until = new Date(now.getTime() + opts.leaseMs);
  const r = await sql<Claimed>`
    update campaign_contacts c
       set claimed_by = ${opts.workerId}, claimed_until = ${until}
     where c.id in (
       select id from campaign_contacts
        where status in ('active', 'queued')
          and next_send_at <= ${now}
          and (paused_until is null or paused_until <= ${now})
          and (claimed_until is null or claimed_until <= ${now})
        order by next_send_at
        limit ${opts.batch}
        for update skip locked)
    returning c.id, c.client_id`.execute(db);
  return r.rows;
}

export type StepOutcome =
  | { kind: "executed"; step: number; sendItemId: string; final: boolean; drafting: "inline" | "task" }
  | { kind: "activation"; action: Decision["action"] }
  | { kind: "gated"; action: Decision["action"]; reason: string | null; until: Date | null }
  | { kind: "skipped"; why: "claim_lost" | "not_due" | "not_active" };

export function stepKey(enrollmentId: string, step: number): string {
  return `${enrollmentId}:${step}`;
}

/** Runs one claimed enrollment's due step in one transaction. */
export async function executeClaimedStep(
  deps: EngineDeps,
  claimed: Claimed,
  workerId: string,
  now: Date,
): Promise<StepOutcome> {
  return deps.db.transaction().execute(async (tx) => {
    const e = await tx
      .selectFrom("campaign_contacts")
      .selectAll()
      .where("id", "=", claimed.id)
      .where("client_id", "=", claimed.client_id)
      .forUpdate()
      .executeTakeFirst();
    // another worker took over after our lease ended and already finished (or holds) the step
    if (!e || e.claimed_by !== workerId) return { kind: "skipped", why: "claim_lost" } as const;
    const release = () =>
      tx
        .updateTable("campaign_contacts")
        .set({ claimed_by: null, claimed_until: null })
        .where("id", "=", e.id)
        .execute();

    if (e.status === "queued") {
      // spec 001: a queued/held activation is asked again when its time comes
      const r = await deps.coordinator.requestActivation(
        tx,
        {
          clientId: e.client_id,
          contactId: e.contact_id,
          campaignId: e.campaign_id,
          requestedBy: null,
          originatingAgentId: e.originating_agent_id,
          goal: e.goal,
          notes: e.notes,
          existingEnrollmentId: e.id,
        },
        now,
      );
      await release();
      return { kind: "activation", action: r.decision.action } as const;
    }
    if (e.status !== "active") {
      await release();
      return { kind: "skipped", why: "not_active" } as const;
    }
    if (!e.next_send_at || e.next_send_at > now || (e.paused_until && e.paused_until > now)) {
      await release();
      return { kind: "skipped", why: "not_due" } as const;
    }

    // spec 001: every due step passes the gates; hold/queue moved next_send_at, block ended it
    const decision = await deps.coordinator.gateStep(tx, { clientId: e.client_id, enrollmentId: e.id }, now);
    if (decision.action !== "allow") {
      await release();
      return {
        kind: "gated",
        action: decision.action,
        reason: decision.reason,
        until: decision.until,
      } as const;
    }

    const steps = await tx
      .selectFrom("campaign_sequences")
      .select(["step_number", "delay_days", "channel"])
      .where("campaign_id", "=", e.campaign_id)
      .orderBy("step_number")
      .execute();
    const step = steps.find((s) => s.step_number === e.current_step);
    const next = steps.find((s) => s.step_number === e.current_step + 1);
    let sendItemId = "";
    let drafting: "inline" | "task" = "inline";
    if (step) {
      const r = await createAndDraft(deps, tx, e, step, now);
      sendItemId = r.sendItemId;
      drafting = r.drafting;
    }
    if (next) {
      // spec 002: next_send_at = enrolled_at + delay_days(next step)
      await tx
        .updateTable("campaign_contacts")
        .set({
          current_step: next.step_number,
          next_send_at: addDays(e.enrolled_at, next.delay_days),
          claimed_by: null,
          claimed_until: null,
          updated_at: now,
        })
        .where("id", "=", e.id)
        .execute();
    } else {
      // spec 002: the final step. The exit (no_engagement) follows once its touch is settled
      // (finish-sequences.ts): exit_contact would cancel the touch that is still to go out.
      await tx
        .updateTable("campaign_contacts")
        .set({ next_send_at: null, claimed_by: null, claimed_until: null, updated_at: now })
        .where("id", "=", e.id)
        .execute();
      if (!step)
        await deps.exitContact(
          tx,
          { clientId: e.client_id, enrollmentId: e.id, reason: "no_engagement" },
          now,
        );
    }
    return { kind: "executed", step: e.current_step, sendItemId, final: !next, drafting } as const;
  });
}

async function createAndDraft(
  deps: EngineDeps,
  tx: Kysely<DB>,
  e: { id: string; client_id: string; contact_id: string; campaign_id: string; current_step: number } & {
    play_id: string | null;
    originating_proposal_id: string | null;
    next_send_at: Date | null;
  },
  step: { step_number: number; channel: "email" | "linkedin" },
  now: Date,
): Promise<{ sendItemId: string; drafting: "inline" | "task" }> {
  // at most once per enrollment step: the unique idempotency key refuses a second item
  const inserted = await tx
    .insertInto("sales_send_queue")
    .values({
      client_id: e.client_id,
      contact_id: e.contact_id,
      campaign_id: e.campaign_id,
      enrollment_id: e.id,
      step_number: step.step_number,
      channel: step.channel,
      scheduled_at: e.next_send_at ?? now,
      idempotency_key: stepKey(e.id, step.step_number),
      play_id: e.play_id,
      originating_proposal_id: e.originating_proposal_id,
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) {
    const existing = await tx
      .selectFrom("sales_send_queue")
      .select("id")
      .where("idempotency_key", "=", stepKey(e.id, step.step_number))
      .executeTakeFirstOrThrow();
    return { sendItemId: existing.id, drafting: "inline" };
  }
  const item: SendItem = inserted;
  const input = await loadDraftInput(tx, item, deps.senderName);
  if (!input.toId) {
    await tx
      .updateTable("sales_send_queue")
      .set({
        status: "failed",
        error: `contact has no ${step.channel === "email" ? "email address" : "LinkedIn URL"}`,
      })
      .where("id", "=", item.id)
      .execute();
    return { sendItemId: item.id, drafting: "inline" };
  }
  const choice = await tx
    .selectFrom("engine_campaign_drafters")
    .select("drafter")
    .where("client_id", "=", e.client_id)
    .where("campaign_id", "=", e.campaign_id)
    .executeTakeFirst();
  const drafter = choice?.drafter ?? "template";
  if (drafter === "template" || (drafter === "llm" && !deps.drafters.llm)) {
    const { toId, campaignPolicy, ...draftInput } = input;
    const out = await deps.drafters.template.draft(draftInput);
    await stageDraft(tx, item, draftInput, toId, out, campaignPolicy, now);
    return { sendItemId: item.id, drafting: "inline" };
  }
  // agents (and the LLM adapter, outside this transaction) draft through a drafting task
  const { toId: _t, campaignPolicy: _p, ...draftInput } = input;
  await tx
    .insertInto("engine_drafting_tasks")
    .values({
      client_id: e.client_id,
      send_item_id: item.id,
      enrollment_id: e.id,
      input: JSON.stringify(draftInput),
    })
    .execute();
  return { sendItemId: item.id, drafting: "task" };
}
