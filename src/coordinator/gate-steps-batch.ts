// Batched gateStep for the engine's claim loop (issue 3: "Batch the claims if one decision per
// transaction cannot reach it"). Same gates, same writes, same event row per decision as gateStep,
// but a batch of due enrollments is decided in ONE transaction with a fixed number of statements:
// all their contacts are locked at once (ordered by id, so two batches never deadlock), the
// snapshots are read in bulk, the decisions are taken in memory in order, and the event rows and
// updates are written in bulk.
import { type Kysely, sql } from "kysely";
import type { EnrollmentStatus, SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { type BatchRows, executeBatch } from "../db/pipelined-driver.ts";
import { appendEvents } from "../event-log/index.ts";
import { applyEffects } from "./apply-effects.ts";
import type { Decision } from "./contract.ts";
import { capConfigQuery, toCapConfig } from "./coordinator-config.ts";
import { terminateEnrollment, toDecision } from "./gate-step.ts";
import { decide } from "./gates/decide.ts";
import type { DecisionCore } from "./gates/types.ts";
import {
  CONTACT_FACT_COLUMNS,
  type ContactFactRow,
  contactFacts,
  lockContactsOf,
  touchesByContact,
  touchesQuery,
} from "./snapshot/batch-snapshot.ts";
import {
  factsKey,
  prospectFactsQuery,
  prospectPairs,
  toProspectFacts,
} from "./snapshot/load-prospect-facts.ts";
import { lockCappedAccountsStatement } from "./snapshot/lock-accounts.ts";
import { sendWindowFactsQuery, toWindowFacts, type WindowFacts } from "./snapshot/send-window-facts.ts";
import { type StepEnrollment, stepEventContext } from "./snapshot/step-snapshot.ts";
import { decisionEventRow } from "./write-decision-event.ts";

type Row = ContactFactRow & StepEnrollment & { contact_id: string };

export interface GateSnapshotKept {
  touchesOf?: ReadonlyMap<string, readonly Date[]>;
  accountOf?: ReadonlyMap<string, string | null>;
  /**
   * The enrollments whose contact's account has a weekly cap (issue 61 item 5), by their account:
   * the gates decided each step on the account's touches before the batch, so the caller sends at
   * most one of an account's steps in the batch and leaves the others to the send phase's gates.
   */
  cappedAccountOf?: ReadonlyMap<string, string>;
}

type KnownEnrollment = { id: string; contact_id: string; campaign_id: string; current_step: number };
type LiveRow = { id: string; contact_id: string; sequence_type: SequenceType; status: EnrollmentStatus };

/**
 * Everything the gates read, after the contacts' lock: the enrollments with their contact and
 * account facts, the contacts' touches in the window and live enrollments, the caps, the prospect
 * facts and the send windows. Issue 39 item 5: when the caller gives the enrollments (their steps
 * and campaigns fix the other statements' parameters) the six statements go in ONE round trip
 * (pipelined-driver.ts executeBatch: each still runs after the one before, and under READ
 * COMMITTED sees what committed before it started, as if sent one by one); otherwise the
 * enrollments are read first and the five others follow in one.
 */
async function readSnapshot(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
  contactIds: string[],
  now: Date,
  known: readonly KnownEnrollment[] | undefined,
) {
  const rowsQuery = sql<Row>`
    select e.id, e.contact_id, e.status, e.hold_reason, e.current_step, e.campaign_id, e.sequence_type, e.play_id,
           e.originating_proposal_id, e.originating_agent_id,
           (select count(*) from campaign_sequences s
             where s.client_id = e.client_id and s.campaign_id = e.campaign_id)::int as step_count,
           ${CONTACT_FACT_COLUMNS}
      from campaign_contacts e
      join contacts c on c.client_id = e.client_id and c.contact_id = e.contact_id
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where e.client_id = ${clientId} and e.id = any(${ids}::uuid[])
     order by e.id`.compile(tx);
  // a step's own earlier attempt (its transaction rolled back after the message went) is not a
  // touch before itself: its key is the enrollment's step (create-send-items.ts stepKey)
  const rest = (steps: readonly KnownEnrollment[]) =>
    [
      touchesQuery(
        clientId,
        contactIds,
        now,
        steps.map((e) => `${e.id}:${e.current_step}`),
      ).compile(tx),
      sql<LiveRow>`
        select id, contact_id, sequence_type, status from campaign_contacts
         where client_id = ${clientId} and contact_id = any(${contactIds}::uuid[])
           and status in ('queued', 'active', 'paused')`.compile(tx),
      capConfigQuery(tx, clientId).compile(),
      prospectFactsQuery(clientId, prospectPairs([...steps])).compile(tx),
      sendWindowFactsQuery(clientId, { enrollmentIds: ids }).compile(tx),
    ] as const;
  // the contacts' capped accounts are locked first (lock-accounts.ts): what follows counts their
  // touches under that lock
  const accountLock = lockCappedAccountsStatement(clientId, contactIds).compile(tx);
  let rows: Row[];
  let read: BatchRows<ReturnType<typeof rest>>;
  if (known) {
    const [, r, ...others] = await executeBatch(tx, [accountLock, rowsQuery, ...rest(known)]);
    rows = r;
    read = others as unknown as BatchRows<ReturnType<typeof rest>>;
  } else {
    await tx.executeQuery(accountLock);
    rows = (await tx.executeQuery(rowsQuery)).rows;
    read = await executeBatch(tx, rest(rows));
  }
  const [touches, live, config, prospects, windows] = read;
  const windowOf = new Map<string, WindowFacts>();
  for (const w of windows) {
    const facts = toWindowFacts(w);
    if (facts) windowOf.set(w.id, facts);
  }
  return {
    rows,
    touchesOf: touchesByContact(touches),
    live,
    config: toCapConfig(config[0]),
    prospects: new Map(prospects.map((p) => [factsKey(p.contact_id, p.campaign_id), toProspectFacts(p)])),
    windows: windowOf,
  };
}

export async function gateStepsBatch(
  tx: Kysely<DB>,
  req: {
    clientId: string;
    enrollmentIds: string[];
    /**
     * The caller already holds these contacts' locks in this transaction (the engine's step claim
     * locks them with the enrollments): they are not taken again.
     */
    lockedContactIds?: string[];
    /**
     * The enrollments as the caller read them in this transaction, under their row locks (the
     * engine's step claim): the whole snapshot then goes in one round trip.
     */
    enrollments?: readonly KnownEnrollment[];
    /**
     * Filled with what the gates read that the caller records again in this transaction (the
     * engine's touches of the steps it sends inline): each contact's touches in the window as the
     * gates counted them, and each enrollment's contact's account.
     */
    keep?: GateSnapshotKept;
    /**
     * The caller marks the allowed steps' contacts itself (markContacts), after it knows which of
     * them a touch marks anyway (the engine's steps sent in their own transaction).
     */
    deferMarks?: boolean;
  },
  now: Date,
): Promise<Map<string, Decision>> {
  const out = new Map<string, Decision>();
  if (req.enrollmentIds.length === 0) return out;
  const ids = [...new Set(req.enrollmentIds)];
  // 1. lock every contact of the batch, in contact_id order
  const contactIds = req.lockedContactIds ?? (await lockContactsOf(tx, req.clientId, { enrollmentIds: ids }));
  // 2–3. the snapshot, read after the lock (snapshot below)
  const { rows, touchesOf, live, config, prospects, windows } = await readSnapshot(
    tx,
    req.clientId,
    ids,
    contactIds,
    now,
    req.enrollments,
  );

  if (req.keep) {
    req.keep.touchesOf = touchesOf;
    req.keep.accountOf = new Map(rows.map((e) => [e.id, e.account_id]));
    req.keep.cappedAccountOf = new Map(
      [...windows].flatMap(([id, w]) => (w.accountCap ? [[id, w.accountCap.accountId] as const] : [])),
    );
  }
  const liveRows = live.map((r) => ({ ...r }));
  const decided: { row: Row; d: DecisionCore }[] = [];
  for (const e of rows) {
    const d = decide(
      {
        sequenceType: e.sequence_type,
        ...contactFacts(e),
        touches: touchesOf.get(e.contact_id) ?? [],
        config,
        concurrent: liveRows
          .filter((x) => x.contact_id === e.contact_id && x.id !== e.id && x.status !== "cancelled")
          .map((x) => ({ enrollmentId: x.id, sequenceType: x.sequence_type, status: x.status })),
        transition: {
          kind: "step",
          status: e.status,
          holdReason: e.hold_reason,
          currentStep: e.current_step,
          stepCount: e.step_count,
        },
        prospect: prospects.get(factsKey(e.contact_id, e.campaign_id)),
        sendWindow: windows.get(e.id) ?? null,
      },
      now,
    );
    if (d.action === "block" && (d.gate === 1 || d.gate === 2)) {
      for (const x of liveRows) if (x.id === e.id) x.status = "cancelled";
    }
    decided.push({ row: e, d });
  }
  // 4. writes: held/queued steps wait; allowed ones mark the contact; blocks terminate (rare)
  const waits = decided.filter((x) => x.d.action === "hold" || x.d.action === "queue");
  if (waits.length) {
    await sql`update campaign_contacts e set next_send_at = v.until, updated_at = ${now}
      from (select unnest(${waits.map((x) => x.row.id)}::uuid[]) as id,
                   unnest(${waits.map((x) => x.d.until!.toISOString())}::timestamptz[]) as until) v
     where e.client_id = ${req.clientId} and e.id = v.id`.execute(tx);
  }
  // a contact already marked with this enrollment and step (an enrollment's first step: the
  // activation marked it) keeps its row: no new row version for the same values
  const allowed = decided.filter((x) => x.d.action === "allow");
  if (!req.deferMarks)
    await markContacts(
      tx,
      req.clientId,
      allowed.map((x) => ({ contactId: x.row.contact_id, enrollmentId: x.row.id, step: x.row.current_step })),
    );
  for (const x of decided)
    if (x.d.action === "block") await terminateEnrollment(tx, req.clientId, x.row.id, x.d, now);
  const events = await appendEvents(
    tx,
    decided.map(({ row: e, d }) =>
      decisionEventRow(
        "step",
        d,
        {
          ...stepEventContext(req.clientId, { contactId: e.contact_id, accountId: e.account_id }, e),
          details: { batched: true },
        },
        now,
      ),
    ),
  );
  const eventOf = new Map(events.map((r) => [r.enrollment_id!, r.event_id]));
  for (const { row: e, d } of decided) {
    const eventId = eventOf.get(e.id)!;
    if (d.effects.length) {
      await applyEffects(
        tx,
        d.effects,
        {
          clientId: req.clientId,
          contactId: e.contact_id,
          enrollmentId: e.id,
          campaignId: e.campaign_id,
          eventId,
          sequenceType: e.sequence_type,
        },
        e.originating_agent_id,
        now,
      );
    }
    out.set(e.id, toDecision(d, eventId));
  }
  return out;
}

/**
 * An allowed step marks its contact (active_sequence_id, current_step). A contact already marked
 * with this enrollment and step (an enrollment's first step: the activation marked it) keeps its
 * row: no new row version for the same values.
 */
export async function markContacts(
  tx: Kysely<DB>,
  clientId: string,
  marks: { contactId: string; enrollmentId: string; step: number }[],
): Promise<void> {
  if (marks.length === 0) return;
  await sql`update contacts c set active_sequence_id = v.eid, current_step = v.step
    from (select unnest(${marks.map((m) => m.contactId)}::uuid[]) as cid,
                 unnest(${marks.map((m) => m.enrollmentId)}::uuid[]) as eid,
                 unnest(${marks.map((m) => m.step)}::int[]) as step) v
   where c.client_id = ${clientId} and c.contact_id = v.cid
     and (c.active_sequence_id is distinct from v.eid
          or c.current_step is distinct from v.step)`.execute(tx);
}
