// gateStep's reads in ONE statement after the contact lock (issue 14: one decision per
// transaction as pgbench makes a transfer, a handful of round trips). Each part is the very
// statement the separate loaders run (touchesQuery, liveEnrollmentsQuery, capConfigQuery,
// prospectFactsOf, sendWindowFactsQuery), embedded as a scalar subquery returning JSON, and parsed
// by the loaders' own row mappers, so the gates see exactly what the loaders would give them.
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
import { type ProspectFactRow, prospectFactsOf, toProspectFacts } from "./load-prospect-facts.ts";
import { type LiveEnrollment, liveEnrollmentsQuery, toLiveEnrollment, touchesQuery } from "./lock-contact.ts";
import { preparedTemplate } from "./prepared.ts";
import {
  sendWindowFactsQuery,
  toWindowFacts,
  type WindowFactRow,
  type WindowFacts,
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

function buildStepSnapshot(tx: Kysely<DB>, { clientId, enrollmentId, now, since }: SnapshotInputs) {
  const enrollment = tx
    .selectFrom("campaign_contacts as e")
    .select([
      "e.id",
      "e.status",
      "e.hold_reason",
      "e.current_step",
      "e.campaign_id",
      "e.sequence_type",
      "e.play_id",
      "e.originating_proposal_id",
      "e.originating_agent_id",
    ])
    .select(
      sql<number>`(select count(*) from campaign_sequences s where s.client_id = e.client_id and s.campaign_id = e.campaign_id)::int`.as(
        "step_count",
      ),
    )
    .where("e.client_id", "=", clientId)
    .where("e.id", "=", enrollmentId);
  // the enrollment's contact and campaign, looked up once for the parts that need them (k)
  const pair = sql`select contact_id, campaign_id from k`;
  const contactId = sql<string>`(select contact_id from k)`;
  // the step's own earlier attempt (its transaction rolled back after the message went) is not a
  // touch before itself: its key is the enrollment's step (create-send-items.ts stepKey)
  const stepKey = sql<string>`(select step_key from k)`;
  return sql<StepSnapshotRow>`
    with k as materialized (select contact_id, campaign_id, id::text || ':' || current_step as step_key
                              from campaign_contacts
                             where client_id = ${clientId} and id = ${enrollmentId}::uuid)
    select (select row_to_json(x) from (${enrollment}) x) as enrollment,
           (select coalesce(json_agg(x.occurred_at), '[]'::json) from (${touchesQuery(tx, clientId, contactId, now, since, stepKey)}) x) as touches,
           (select coalesce(json_agg(x), '[]'::json) from (${liveEnrollmentsQuery(tx, clientId, contactId)}) x) as live,
           (select row_to_json(x) from (${capConfigQuery(tx, clientId)}) x) as config,
           (select row_to_json(x) from (${prospectFactsOf(clientId, pair)}) x) as prospect,
           (select row_to_json(x) from (${sendWindowFactsQuery(clientId, { enrollmentId })}) x) as send_window`.compile(
    tx,
  );
}

/** The gates' facts from stepSnapshotQuery's one row; 404 when the enrollment is not the tenant's. */
export function toStepSnapshot(rows: StepSnapshotRow[], enrollmentId: string): StepSnapshot {
  const row = rows[0];
  if (!row.enrollment) throw new BatonError("NOT_FOUND", { entity: "enrollment", id: enrollmentId });
  return {
    enrollment: row.enrollment,
    touches: row.touches.map((t) => new Date(t)),
    live: row.live.map(toLiveEnrollment),
    config: toCapConfig(row.config ?? undefined),
    prospect: row.prospect ? toProspectFacts(row.prospect) : undefined,
    sendWindow: row.send_window ? toWindowFacts(row.send_window) : null,
  };
}
