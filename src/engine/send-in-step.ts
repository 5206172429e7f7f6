// Issue 39 item 1: on PostgreSQL the auto-approved email items of the steps a transaction executes go
// out inside it, and each is written ONCE, already in its final state. The step's gates decided
// them a moment ago under the contact locks the transaction still holds, so nothing can have
// changed in between: one decision and one event, no second gate. So the messages are built from
// the items' plans (createAndDraft, before any item exists), sent, and the items inserted with what
// the channel answered ('sent' with sent_at, 'failed', or still 'approved' for a retry); their
// touches follow. The channel commits each key (enrollment:step) to its ledger on its own
// connection before the SMTP conversation (at most once); a crash before the step's commit leaves
// no item and the enrollment as it was, the caps count the ledger's 'sending' row, and the step's
// retry meets that row: an unknown outcome, never a second message.
import { type Kysely, type Selectable, sql } from "kysely";
import type { SendResult } from "../channels/index.ts";
import type { GateSnapshotKept, TouchFacts } from "../coordinator/index.ts";
import type { CampaignContactsTable } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import type { PlannedSend, SendFirst, Step } from "./create-send-items.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { type CrmTouchFacts, type KnownTouches, recordTouches } from "./record-touch.ts";
import {
  deliver,
  type Locked,
  noteOutcomes,
  type SendOutcome,
  type Settlement,
  settlement,
} from "./send-approved.ts";
import type { SettledColumns } from "./stage-draft.ts";

type StepEnrollment = Pick<
  Selectable<CampaignContactsTable>,
  "id" | "sequence_type" | "play_id" | "originating_proposal_id" | "originating_agent_id"
>;

export interface InlineSends {
  /** createAndDraft's hook: sends the batch's auto-sent items before they are inserted */
  sendFirst: SendFirst;
  /**
   * After the insert: the touches of those sent (`inserted`: the items that were written; a key
   * another transaction took is not), their outcomes by item id. `ending`: the enrollments that end
   * in this transaction if their item is sent (their contact released with the touch).
   */
  record(
    inserted: ReadonlySet<string>,
    lockedContacts: string[],
    ending: ReadonlySet<string>,
  ): Promise<Map<string, SendOutcome>>;
}

/** The inline sends of one tenant's step batch (`after`: when what follows a delivery is recorded). */
export function sendsInStep(
  deps: EngineDeps,
  tx: Kysely<DB>,
  clientId: string,
  stepsOf: Map<string, Map<number, Step>>,
  now: Date,
  after: () => Date,
  /**
   * What this transaction already read of the steps (their locked enrollments, and the gates'
   * snapshot): the touches are recorded from it, not read again (recordTouches `known`)
   */
  facts?: { enrollments: ReadonlyMap<string, StepEnrollment>; gates: GateSnapshotKept },
): InlineSends {
  let done:
    | { items: Locked[]; planned: PlannedSend[]; s: Settlement[]; results: SendResult[]; at: Date }
    | undefined;
  return {
    async sendFirst(all) {
      const out = new Map<string, SettledColumns>();
      if (!deps.email || all.length === 0) return out;
      // in due order (the gates decided in it), as the send phase takes items
      const ordered = [...all].sort(
        (a, b) => dueAt(a, now) - dueAt(b, now) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
      const active = await stillActive(tx, clientId, [
        ...new Set(ordered.map((p) => p.plan.values.enrollment_id)),
      ]);
      // a later decision of the same batch may have ended the enrollment (a conflict's effects): its
      // item is inserted approved and waits for the send phase's gates. And one a contact: the gates
      // decided each step on the touches recorded before the batch, so a contact's second item (two
      // live enrollments stepping at once) is left to the send phase, whose gates count the first
      // The same for an account with a weekly cap (issue 61 item 5): its first item of the batch goes
      // now, the others to the send phase, whose gates count it
      const seen = new Set<string>();
      const capped = facts?.gates.cappedAccountOf;
      const planned = ordered.filter(({ plan: { values: v } }) => {
        const account = capped?.get(v.enrollment_id);
        if (!active.has(v.enrollment_id) || seen.has(v.contact_id)) return false;
        if (account !== undefined && seen.has(`account:${account}`)) return false;
        seen.add(v.contact_id);
        if (account !== undefined) seen.add(`account:${account}`);
        return true;
      });
      const items = planned.map((p) => lockedOf(p, clientId, stepsOf, now));
      if (items.length === 0) return out;
      const results = await deliver(deps, items, now);
      const at = after();
      const s = items.map((it, i) => settlement(deps, it, results[i], at));
      done = { items, planned, s, results, at };
      for (const [i, it] of items.entries())
        out.set(it.id, {
          status: s[i].status,
          error: s[i].error,
          attempts: s[i].attempts,
          scheduled_at: s[i].scheduledAt,
          sent_at: s[i].sentAt,
          updated_at: at,
        });
      return out;
    },
    async record(inserted, lockedContacts, ending) {
      const outcomes = new Map<string, SendOutcome>();
      const d = done;
      if (!d) return outcomes;
      const kept = d.items.flatMap((it, i) => (inserted.has(it.id) ? [i] : []));
      const items = kept.map((i) => d.items[i]);
      const s = kept.map((i) => d.s[i]);
      const sent = kept.filter((i) => d.s[i].status === "sent");
      await recordTouches(
        deps,
        tx,
        clientId,
        sent.map((i) => d.items[i].id),
        d.at,
        lockedContacts,
        ending,
        facts &&
          knownTouches(
            sent.map((i) => d.planned[i]),
            facts,
          ),
      );
      noteOutcomes(
        deps,
        items,
        s,
        kept.map((i) => d.results[i]),
        d.at,
        outcomes,
      );
      return outcomes;
    },
  };
}

/**
 * The touches' facts from the items' plans, their enrollments and the gates' snapshot (undefined,
 * and so read by recordTouches, if any of it is missing): the gates counted these contacts' touches
 * a moment ago under the locks this transaction holds, and the items sent since are inserted 'sent'
 * (their ledger rows no longer count), so the count is the one recordTouches would read.
 */
function knownTouches(
  planned: PlannedSend[],
  facts: { enrollments: ReadonlyMap<string, StepEnrollment>; gates: GateSnapshotKept },
): KnownTouches | undefined {
  const { touchesOf, accountOf } = facts.gates;
  if (!touchesOf || !accountOf) return undefined;
  const items: TouchFacts[] = [];
  const crm: CrmTouchFacts[] = [];
  for (const { id, plan } of planned) {
    const v = plan.values;
    const e = facts.enrollments.get(v.enrollment_id);
    if (!e || !accountOf.has(e.id)) return undefined;
    items.push({
      id,
      contact_id: v.contact_id,
      campaign_id: v.campaign_id,
      enrollment_id: v.enrollment_id,
      step_number: v.step_number,
      channel: v.channel,
      variant: v.variant ?? null,
      sequence_type: e.sequence_type,
      play_id: e.play_id,
      originating_proposal_id: e.originating_proposal_id,
      originating_agent_id: e.originating_agent_id,
      account_id: accountOf.get(e.id) ?? null,
    });
    crm.push({
      id,
      contact_id: v.contact_id,
      enrollment_id: v.enrollment_id,
      channel: v.channel,
      step_number: v.step_number,
      content_type: plan.input.step.content_type,
      slug: plan.input.campaign.slug,
      kind: plan.policy.kind,
    });
  }
  return { touches: { items, touchesOf }, crm };
}

/** The item's scheduled_at (createAndDraft sets it: the step's due time). */
const dueAt = (p: PlannedSend, now: Date) => new Date(p.plan.values.scheduled_at ?? now).getTime();

/** What the send needs of an item, from its plan (the values its row and its draft's will have). */
function lockedOf(
  p: PlannedSend,
  clientId: string,
  stepsOf: Map<string, Map<number, Step>>,
  now: Date,
): Locked {
  const v = p.plan.values;
  return {
    id: p.id,
    client_id: clientId,
    contact_id: v.contact_id,
    idempotency_key: v.idempotency_key,
    attempts: v.attempts ?? 0,
    scheduled_at: new Date(dueAt(p, now)),
    to_id: p.plan.toId,
    subject: p.plan.output.subject,
    body: p.plan.output.body,
    kind: p.plan.policy.kind,
    enrollment_id: v.enrollment_id,
    campaign_id: v.campaign_id,
    step_number: v.step_number,
    thread: stepsOf.get(v.campaign_id)?.get(v.step_number)?.thread ?? null,
  };
}

/** Which of these enrollments (locked by this transaction) are still active. */
async function stillActive(tx: Kysely<DB>, clientId: string, ids: string[]): Promise<Set<string>> {
  const r = await sql<{ id: string }>`
    select e.id from campaign_contacts e
     where e.client_id = ${clientId} and e.id = any(${ids}::uuid[]) and e.status = 'active'`.execute(tx);
  return new Set(r.rows.map((x) => x.id));
}

/** The enrollments (ids) none of whose items but `except` is left unsent (pending, drafted or approved). */
export async function withNothingUnsent(
  tx: Kysely<DB>,
  clientId: string,
  enrollmentIds: string[],
  except: string[],
): Promise<string[]> {
  if (enrollmentIds.length === 0) return [];
  const open = await sql<{ enrollment_id: string }>`
    select distinct q.enrollment_id from sales_send_queue q
     where q.client_id = ${clientId} and q.enrollment_id = any(${enrollmentIds}::uuid[])
       and q.status not in ('sent', 'failed', 'cancelled') and q.id <> all(${except}::uuid[])`.execute(tx);
  const waiting = new Set(open.rows.map((r) => r.enrollment_id));
  return enrollmentIds.filter((id) => !waiting.has(id));
}
