// A step's send items (spec 002 execute_sequence_step, "create the send item once, draft it"):
// each allowed enrollment's item for its current step, created at most once (the idempotency key
// enrollment:step), with its template draft staged in the same two inserts (stage-draft.ts
// insertStagedItems), or a drafting task for an agent or the LLM adapter. Runs inside the step
// batch's transaction (execute-step.ts), after the gates.

import type { Kysely, Selectable } from "kysely";
import { assignVariant, type StepVariant } from "../campaigns/index.ts";
import type { ChannelName } from "../channels/contract.ts";
import { channelOf } from "../channels/index.ts";
import type { CampaignContactsTable } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { loadCurrentDraftInputs } from "./draft-inputs.ts";
import { type EngineDeps, randomIds } from "./engine-deps.ts";
import {
  autoSends,
  insertStagedItems,
  type NewItemPlan,
  type SettledColumns,
  type StageClaim,
  type StagedItem,
  sendsItself,
} from "./stage-draft.ts";

type Enrollment = Selectable<CampaignContactsTable>;

export function stepKey(enrollmentId: string, step: number): string {
  return `${enrollmentId}:${step}`;
}

export type Step = {
  step_number: number;
  delay_days: number;
  channel: ChannelName;
  /** A/B variants and the promoted winner, if any (learning, issue 13) */
  variants: unknown;
  winner: string | null;
  /** 'follow_up': sent in the thread of the enrollment's earlier emails (like-a-person.ts) */
  thread: "new" | "follow_up";
};

/** An auto-sent draft's plan and its item's id, before the item is written. */
export type PlannedSend = { id: string; plan: Extract<NewItemPlan, { kind: "draft" }> };

/**
 * Sends auto-sent items before they are inserted (issue 39 item 1, send-in-step.ts): the settled
 * columns of those it sent (or tried), by item id; the others are inserted approved as before.
 */
export type SendFirst = (planned: PlannedSend[]) => Promise<ReadonlyMap<string, SettledColumns>>;

/** The send items that exist for these enrollments' current steps (by their idempotency keys). */
function itemsAtCurrentStep(tx: Kysely<DB>, clientId: string, enrollments: Enrollment[]) {
  return tx
    .selectFrom("sales_send_queue")
    .select(["id", "enrollment_id"])
    .where("client_id", "=", clientId)
    .where(
      "idempotency_key",
      "in",
      enrollments.map((e) => stepKey(e.id, e.current_step)),
    )
    .execute();
}

type Created = {
  sendItemId: string;
  drafting: "inline" | "task";
  /** an approved email item that the engine sends itself (no person sends it) */
  autoSend?: boolean;
  /** ... and it was claimed for this worker's send phase (a StageClaim was given) */
  sendClaimed?: boolean;
};

/** Creates each enrollment's send item (at most once per step) and drafts it or opens a drafting task. */
export async function createAndDraft(
  deps: EngineDeps,
  tx: Kysely<DB>,
  clientId: string,
  enrollments: Enrollment[],
  stepsOf: Map<string, Map<number, Step>>,
  now: Date,
  claim: StageClaim | undefined,
  sendFirst?: SendFirst,
): Promise<Map<string, Created>> {
  const out = new Map<string, Created>();
  if (enrollments.length === 0) return out;
  // A/B: a pure hash of (enrollment, step), so a retry or another worker picks the same variant
  const variantOf = new Map<string, StepVariant | null>();
  for (const e of enrollments) {
    const st = stepsOf.get(e.campaign_id)!.get(e.current_step)!;
    variantOf.set(e.id, assignVariant(e.id, e.current_step, st.variants as StepVariant[] | null, st.winner));
  }
  // at most once per enrollment step (the unique idempotency key): a step whose item exists keeps it
  const existing = await itemsAtCurrentStep(tx, clientId, enrollments);
  for (const r of existing) out.set(r.enrollment_id, { sendItemId: r.id, drafting: "inline" });
  const fresh = enrollments.filter((e) => !out.has(e.id));
  if (fresh.length === 0) return out;
  // what each item's drafter reads, and the drafter of its campaign, before the item exists: a
  // template draft is staged with its item (insertStagedItems), not written after it
  const inputs = await loadCurrentDraftInputs(
    tx,
    clientId,
    fresh.map((e) => e.id),
    deps.senderName,
    deps.bookingSecret,
  );
  const choices = await tx
    .selectFrom("engine_campaign_drafters")
    .select(["campaign_id", "drafter"])
    .where("client_id", "=", clientId)
    .where("campaign_id", "in", [...new Set(fresh.map((e) => e.campaign_id))])
    .execute();
  const drafterOf = new Map(choices.map((c) => [c.campaign_id, c.drafter]));
  const plans: NewItemPlan[] = [];
  const inputOf = new Map<string, unknown>();
  for (const e of fresh) {
    const step = stepsOf.get(e.campaign_id)!.get(e.current_step)!;
    const v = variantOf.get(e.id);
    const values = {
      client_id: clientId,
      contact_id: e.contact_id,
      campaign_id: e.campaign_id,
      enrollment_id: e.id,
      step_number: e.current_step,
      channel: step.channel,
      scheduled_at: e.next_send_at ?? now,
      idempotency_key: stepKey(e.id, e.current_step),
      variant: v?.key ?? null,
      play_id: e.play_id,
      originating_proposal_id: e.originating_proposal_id,
    };
    const { toId, campaignPolicy, ...loaded } = inputs.get(e.id)!;
    const input = v
      ? { ...loaded, variant: { key: v.key, subject: v.subject ?? null, instructions: v.instructions } }
      : loaded;
    const drafter = drafterOf.get(e.campaign_id) ?? "template";
    if (!toId)
      plans.push({
        kind: "failed",
        values,
        error: `contact has no ${channelOf(step.channel).address.missing}`,
      });
    else if (drafter === "template" || (drafter === "llm" && !deps.drafters.llm)) {
      const output = await deps.drafters.template.draft(input);
      plans.push({ kind: "draft", values, input, toId, output, policy: campaignPolicy });
    } else {
      // agents (and the LLM adapter, outside this transaction) draft through a drafting task
      inputOf.set(e.id, input);
      plans.push({ kind: "task", values });
    }
  }
  // one id per enrollment of the batch, then one per draft: the ids an insert of every enrollment's
  // item (an existing key's drawn and not used) and then of the drafts would have drawn
  const drafts = plans.filter((p) => p.kind === "draft").length;
  const ids = await (deps.newIds ?? randomIds)(tx, enrollments.length + drafts);
  const slot = new Map(enrollments.map((e, i) => [e.id, i]));
  const planIds = [
    ...plans.map((p) => ids[slot.get(p.values.enrollment_id)!]),
    ...ids.slice(enrollments.length),
  ];
  // PostgreSQL: the auto-sent items go out now, and are inserted once, in their final state
  const settled = sendFirst
    ? await sendFirst(
        plans.flatMap((p, i) => (p.kind === "draft" && autoSends(p) ? [{ id: planIds[i], plan: p }] : [])),
      )
    : undefined;
  // a key another transaction inserted meanwhile is refused by the insert (its draft removed again).
  // The enrollment's row lock makes that a key no step of ours sends: were one sent above, its
  // ledger row (committed, 'sending') would answer the other item's send as an unknown outcome
  const made = await insertStagedItems(tx, plans, planIds, now, claim, settled);
  const tasks: StagedItem[] = [];
  for (const { item, draft } of made) {
    // no draft: a drafting task's item (pending), or one that failed
    const task = !draft && item.status === "pending";
    if (task) tasks.push(item);
    out.set(item.enrollment_id, {
      sendItemId: item.id,
      drafting: task ? "task" : "inline",
      ...(draft && sendsItself(item, draft) ? { autoSend: true, sendClaimed: claim !== undefined } : {}),
    });
  }
  const raced = fresh.filter((e) => !out.has(e.id));
  if (raced.length) {
    for (const r of await itemsAtCurrentStep(tx, clientId, raced))
      out.set(r.enrollment_id, { sendItemId: r.id, drafting: "inline" });
  }
  if (tasks.length) {
    await tx
      .insertInto("engine_drafting_tasks")
      .values(
        tasks.map((t) => ({
          client_id: clientId,
          send_item_id: t.id,
          enrollment_id: t.enrollment_id,
          input: JSON.stringify(inputOf.get(t.enrollment_id)),
        })),
      )
      .execute();
  }
  return out;
}

/** The campaigns' steps (with their A/B variants and promoted winners), by campaign and step number. */
export async function loadSteps(
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
      "s.thread",
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
