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
import { type Kysely, sql } from "kysely";
import type { SendResult } from "../channels/channel.ts";
import type { DB } from "../db/database.ts";
import type { PlannedSend, SendFirst, Step } from "./create-send-items.ts";
import type { EngineDeps } from "./engine-deps.ts";
import { recordTouches } from "./record-touch.ts";
import {
  deliver,
  type Locked,
  noteOutcomes,
  type SendOutcome,
  type Settlement,
  settlement,
} from "./send-approved.ts";
import type { SettledColumns } from "./stage-draft.ts";

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
): InlineSends {
  let done: { items: Locked[]; s: Settlement[]; results: SendResult[]; at: Date } | undefined;
  return {
    async sendFirst(planned) {
      const out = new Map<string, SettledColumns>();
      if (!deps.email || planned.length === 0) return out;
      // in due order (the gates decided in it), as the send phase takes items
      const ordered = [...planned].sort(
        (a, b) => dueAt(a, now) - dueAt(b, now) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      );
      const active = await stillActive(tx, clientId, [
        ...new Set(ordered.map((p) => p.plan.values.enrollment_id)),
      ]);
      // a later decision of the same batch may have ended the enrollment (a conflict's effects): its
      // item is inserted approved and waits for the send phase's gates. And one a contact: the gates
      // decided each step on the touches recorded before the batch, so a contact's second item (two
      // live enrollments stepping at once) is left to the send phase, whose gates count the first
      const seen = new Set<string>();
      const items = ordered
        .filter(({ plan: { values: v } }) => {
          if (!active.has(v.enrollment_id) || seen.has(v.contact_id)) return false;
          seen.add(v.contact_id);
          return true;
        })
        .map((p) => lockedOf(p, clientId, stepsOf, now));
      if (items.length === 0) return out;
      const results = await deliver(deps, items, now);
      const at = after();
      const s = items.map((it, i) => settlement(deps, it, results[i], at));
      done = { items, s, results, at };
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
      await recordTouches(
        deps,
        tx,
        clientId,
        items.filter((_, i) => s[i].status === "sent").map((it) => it.id),
        d.at,
        lockedContacts,
        ending,
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
