// gateStep's reads in ONE statement after the contact lock (issue 14: one decision per
// transaction as pgbench makes a transfer, a handful of round trips). Each part selects what the
// separate loaders select (touchesQuery, liveEnrollmentsQuery, capConfigQuery, prospectFactsOf's
// columns, sendWindowFactsQuery's columns) over one join of the enrollment's rows, as JSON, parsed by
// the loaders' own row mappers, so the gates see exactly what the loaders would give them.
// Read after the lock: under READ COMMITTED this statement sees everything committed before it.
// Its text is fixed, so it runs as a named prepared statement (prepared.ts): planned once per
// connection, not on every decision.
import { type CompiledQuery, type Kysely, sql } from "kysely";
import type { EnrollmentStatus, SequenceType } from "../../db/core-tables.ts";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import { capConfigQuery, toCapConfig } from "../coordinator-config.ts";
import type { ProspectFacts } from "../gates/prospect-facts.ts";
import type { CapConfig } from "../gates/types.ts";
import { touchWindowStart } from "../touch-window.ts";
import type { EventContext } from "../write-decision-event.ts";
import {
  PROSPECT_FACT_COLUMNS,
  type ProspectFactRow,
  suppressionOf,
  toProspectFacts,
} from "./load-prospect-facts.ts";
import { type LiveEnrollment, liveEnrollmentsQuery, toLiveEnrollment, touchesQuery } from "./lock-contact.ts";
import { preparedTemplate } from "./prepared.ts";
import {
  accountCapOf,
  hasWindowFacts,
  toWindowFacts,
  type WindowFactRow,
  type WindowFacts,
  windowFactColumns,
} from "./send-window-facts.ts";

export interface StepEnrollment {
  id: string;
  status: EnrollmentStatus;
  /** issue 56: why a reply paused it (gate 5 reports it) */
  hold_reason?: string | null;
  current_step: number;
  campaign_id: string;
  sequence_type: SequenceType;
  play_id: string | null;
  originating_proposal_id: string | null;
  originating_agent_id: string | null;
  step_count: number;
}

/** The event context of a step decision on this enrollment (the single and the batched gate). */
export function stepEventContext(
  clientId: string,
  contact: { contactId: string; accountId: string | null },
  e: StepEnrollment,
): EventContext {
  return {
    clientId,
    contactId: contact.contactId,
    accountId: contact.accountId,
    enrollmentId: e.id,
    campaignId: e.campaign_id,
    stepNumber: e.current_step,
    sequenceType: e.sequence_type,
    originatingAgentId: e.originating_agent_id,
    playId: e.play_id,
    originatingProposalId: e.originating_proposal_id,
  };
}

export interface StepSnapshot {
  enrollment: StepEnrollment;
  touches: Date[];
  live: LiveEnrollment[];
  config: CapConfig;
  prospect: ProspectFacts | undefined;
  sendWindow: WindowFacts | null;
}

type StepSnapshotRow = {
  enrollment: StepEnrollment | null;
  touches: string[];
  live: Parameters<typeof toLiveEnrollment>[0][];
  config: Parameters<typeof toCapConfig>[0] | null;
  prospect: ProspectFactRow | null;
  send_window: WindowFactRow | null;
};

/**
 * The snapshot's statement. The contact is the enrollment's, read once by the statement itself (the
 * CTE k, which the touches, the live enrollments and the prospect's facts share), so that gateStep
 * can send this statement behind the contact's lock without waiting for the lock's answer
 * (pipelined-driver.ts); it still runs after the lock is granted, and sees what its holder committed.
 */
export function stepSnapshotQuery(
  tx: Kysely<DB>,
  clientId: string,
  enrollmentId: string,
  now: Date,
): CompiledQuery<StepSnapshotRow> {
  return stepSnapshotTemplate(tx, { clientId, enrollmentId, now, since: touchWindowStart(now) });
}

interface SnapshotInputs {
  clientId: string;
  enrollmentId: string;
  now: Date;
  since: Date;
}

const stepSnapshotTemplate = preparedTemplate("step_snapshot", (tx, p: SnapshotInputs) =>
  buildStepSnapshot(tx, p),
);

// The enrollment is read once, by key, and its contact, campaign, account and segment joined to it
// once (issue 68 item 5: they were read again by each part, the contact three times a decision); the
// parts that count (the touches, the live enrollments) are subqueries on the enrollment's contact.
// Each part selects the columns its loader's statement selects, so the row mappers see the same JSON.
function buildStepSnapshot(tx: Kysely<DB>, { clientId, enrollmentId, now, since }: SnapshotInputs) {
  const contactId = sql<string>`x.contact_id`;
  // the step's own earlier attempt (its transaction rolled back after the message went) is not a
  // touch before itself: its key is the enrollment's step (create-send-items.ts stepKey)
  const stepKey = sql<string>`x.seed`;
  return sql<StepSnapshotRow>`
    select (select row_to_json(z) from (
             select se.id, se.status, se.hold_reason, se.current_step, se.campaign_id, se.sequence_type,
                    se.play_id, se.originating_proposal_id, se.originating_agent_id,
                    (select count(*) from campaign_sequences q
                      where q.client_id = ${clientId} and q.campaign_id = se.campaign_id)::int as step_count) z) as enrollment,
           (select coalesce(json_agg(z.occurred_at), '[]'::json) from (${touchesQuery(tx, clientId, contactId, now, since, stepKey)}) z) as touches,
           (select coalesce(json_agg(z), '[]'::json) from (${liveEnrollmentsQuery(tx, clientId, contactId)}) z) as live,
           (select row_to_json(z) from (${capConfigQuery(tx, clientId)}) z) as config,
           case when c.contact_id is not null then
             (select row_to_json(z) from (select ${PROSPECT_FACT_COLUMNS}) z) end as prospect,
           case when c.contact_id is not null and cp.id is not null and (${hasWindowFacts}) then
             (select row_to_json(z) from (select ${windowFactColumns(clientId)}) z) end as send_window
      from campaign_contacts se
     cross join lateral (select se.id, se.id::text || ':' || se.current_step::text as seed,
                                se.campaign_id, se.contact_id) x
      left join contacts c on c.client_id = ${clientId} and c.contact_id = x.contact_id
      left join campaigns cp on cp.client_id = ${clientId} and cp.id = x.campaign_id
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
      left join segments sg on sg.client_id = a.client_id and sg.segment = a.segment
     cross join lateral (${accountCapOf(sql`sg`)}) y
      left join lateral (${suppressionOf(clientId)}) s on true
     where se.client_id = ${clientId} and se.id = ${enrollmentId}::uuid`.compile(tx);
}

/** The gates' facts from stepSnapshotQuery's one row; 404 when the enrollment is not the tenant's. */
export function toStepSnapshot(rows: StepSnapshotRow[], enrollmentId: string): StepSnapshot {
  const row = rows[0];
  if (!row?.enrollment) throw new BatonError("NOT_FOUND", { entity: "enrollment", id: enrollmentId });
  return {
    enrollment: row.enrollment,
    touches: row.touches.map((t) => new Date(t)),
    live: row.live.map(toLiveEnrollment),
    config: toCapConfig(row.config ?? undefined),
    prospect: row.prospect ? toProspectFacts(row.prospect) : undefined,
    sendWindow: row.send_window ? toWindowFacts(row.send_window) : null,
  };
}
