// The one writer of the CadenceEventLog (spec 001: one append-only log explains every request,
// decision, touch, reply and exit; issue 39 item 6). Nothing else inserts into cadence_event_log
// (test/coordinator/event-log-writer.test.ts reads the sources for it).
//
// Lineage (spec 001 wire 4: play_id and originating_proposal_id on every event generated under a
// play, and the agent that asked): an event either carries the lineage of its enrollment as read in
// the same transaction (`lineageOf(row)`, the hot paths, which read the enrollment anyway), or it
// names only its enrollment or campaign and the insert itself reads the lineage from the
// enrollment, else from the campaign and its play: one statement either way, however many rows.
import { type Insertable, type Kysely, type QueryCreator, type RawBuilder, sql } from "kysely";
import type { CadenceEventLogTable } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { insertJsonRows, type JsonRowsInsert, jsonRowsSelect, TIMESTAMPTZ, typed } from "../db/json-rows.ts";

/** The lineage an event carries: that of the enrollment it is about (campaign_contacts' columns). */
export interface Lineage {
  play_id: string | null;
  originating_proposal_id: string | null;
  originating_agent_id: string | null;
}

type Values = Insertable<CadenceEventLogTable>;

/** One event to append. `details` is the object itself (serialized here). */
export type NewEvent = Omit<
  Values,
  "event_id" | "recorded_at" | "play_id" | "originating_proposal_id" | "details"
> & {
  details?: Record<string, unknown>;
  /**
   * The lineage of the event's enrollment as read in this transaction. Without it, the insert reads
   * it from `enrollment_id` (else from `campaign_id`'s campaign and its play). A given
   * originating_agent_id (an agent acting with no enrollment) wins over the lineage's.
   */
  lineage?: Lineage;
};

/** An event whose lineage its caller read: it can be written by a plain insert (prepared, in a CTE). */
export type LineagedEvent = NewEvent & { lineage: Lineage };

export function lineageOf(row: Lineage): Lineage {
  return {
    play_id: row.play_id,
    originating_proposal_id: row.originating_proposal_id,
    originating_agent_id: row.originating_agent_id,
  };
}

/** No enrollment and no play: an event about a contact alone (an opt-out, a suppression). */
export const NO_LINEAGE: Lineage = {
  play_id: null,
  originating_proposal_id: null,
  originating_agent_id: null,
};

// every column, always in this order: the statements' texts are fixed (prepared, batched)
const COLUMNS = [
  "client_id",
  "occurred_at",
  "contact_id",
  "account_id",
  "enrollment_id",
  "campaign_id",
  "send_item_id",
  "step_number",
  "sequence_type",
  "channel",
  "event_type",
  "coordinator_action",
  "resolution",
  "gate",
  "touch_cap_at_event",
  "compliance_status",
  "suppressed_reason",
  "release_at",
  "originating_agent_id",
  "actor_principal_id",
  "play_id",
  "originating_proposal_id",
  "details",
] as const;

/**
 * Every column of an event's row, `details` the object itself (the JSON inserts send it so; eventRow
 * serializes it), the lineage its own or null (then read by the insert): one object literal of one
 * shape, which the hot path builds and serializes fastest (a spread-built row is 3–6x slower).
 */
function eventColumns(e: NewEvent) {
  return {
    client_id: e.client_id,
    occurred_at: e.occurred_at,
    contact_id: e.contact_id ?? null,
    account_id: e.account_id ?? null,
    enrollment_id: e.enrollment_id ?? null,
    campaign_id: e.campaign_id ?? null,
    send_item_id: e.send_item_id ?? null,
    step_number: e.step_number ?? null,
    sequence_type: e.sequence_type ?? null,
    channel: e.channel ?? null,
    event_type: e.event_type,
    coordinator_action: e.coordinator_action ?? null,
    resolution: e.resolution ?? null,
    gate: e.gate ?? null,
    touch_cap_at_event: e.touch_cap_at_event ?? null,
    compliance_status: e.compliance_status ?? null,
    suppressed_reason: e.suppressed_reason ?? null,
    release_at: e.release_at ?? null,
    originating_agent_id: e.originating_agent_id ?? e.lineage?.originating_agent_id ?? null,
    actor_principal_id: e.actor_principal_id ?? null,
    play_id: e.lineage?.play_id ?? null,
    originating_proposal_id: e.lineage?.originating_proposal_id ?? null,
    details: e.details ?? {},
  };
}

declare const ROW: unique symbol;
/** The row of an event with its lineage, every column present; made only by eventRow. */
export type EventRow = Values & { readonly [ROW]: true };

/** The row of an event whose lineage is known, every column present. */
export function eventRow(e: LineagedEvent): EventRow {
  return { ...eventColumns(e), details: JSON.stringify(e.details ?? {}) } as EventRow;
}

/**
 * The insert of event rows (eventRow) on any query creator: a transaction, or a `with` whose
 * data-modifying CTE writes the decision's row in the same statement (gate-step.ts, a prepared
 * template: its input is the flat row, so each column is one parameter).
 */
export function insertEventRows<Q extends QueryCreator<any>>(qc: Q, rows: EventRow[]) {
  return (qc as unknown as QueryCreator<DB>).insertInto("cadence_event_log").values(rows);
}

/**
 * The lineage rule (spec 001 wire 4) in SQL, for a row naming its tenant, enrollment and campaign
 * (and perhaps a play of its own): joins `e` (the enrollment), `c` (the campaign), `l.play_id` (the
 * row's play, else the enrollment's, else the campaign's) and `lp` (that play). The lineage is then
 * `l.play_id`, LINEAGE_PROPOSAL and `e.originating_agent_id`. The insert below uses it for events
 * that name only their enrollment or campaign; a caller that reads those rows anyway uses it to hand
 * its events their lineage (approve-drafts.ts).
 */
export function lineageJoins(of: {
  clientId: RawBuilder<unknown>;
  enrollmentId: RawBuilder<unknown>;
  campaignId: RawBuilder<unknown>;
  playId?: RawBuilder<unknown>;
}): RawBuilder<unknown> {
  return sql`
      left join campaign_contacts e on e.client_id = ${of.clientId} and e.id = ${of.enrollmentId}
      left join campaigns c on c.client_id = ${of.clientId} and c.id = ${of.campaignId}
      cross join lateral (select coalesce(${of.playId ?? sql`null::uuid`}, e.play_id, c.play_id) as play_id) l
      left join plays lp on lp.client_id = ${of.clientId} and lp.play_id = l.play_id`;
}

/** The proposal of lineageJoins' play: the enrollment's when the play is the enrollment's, else the play's. */
export const LINEAGE_PROPOSAL = sql`coalesce(case when e.id is not null and e.play_id is not distinct from l.play_id
                                              then e.originating_proposal_id end, lp.originating_proposal_id)`;

export const LINEAGED_INSERT: JsonRowsInsert = {
  table: "cadence_event_log",
  columns: COLUMNS,
  types: {
    ...typed("uuid", "contact_id", "account_id", "enrollment_id", "campaign_id", "send_item_id"),
    ...typed("uuid", "actor_principal_id", "play_id", "originating_proposal_id"),
    ...typed(TIMESTAMPTZ, "occurred_at", "release_at"),
    ...typed("integer", "step_number", "touch_cap_at_event"),
    gate: "smallint",
    details: "jsonb",
  },
  returning: ["event_id", "enrollment_id", "send_item_id"],
};

export interface AppendedEvent {
  event_id: number;
  enrollment_id: string | null;
  send_item_id: string | null;
}

/**
 * Appends events in ONE statement, their ids in the order of `events`. Events without a lineage get
 * their enrollment's (else their campaign's play's), read by the insert itself.
 */
export async function appendEvents(tx: Kysely<DB>, events: NewEvent[]): Promise<AppendedEvent[]> {
  if (events.length === 0) return [];
  if (events.every((e): e is LineagedEvent => e.lineage !== undefined)) {
    // one fixed text however many rows (json-rows.ts): named, planned once per connection
    const r = await insertJsonRows<AppendedEvent>(LINEAGED_INSERT, events.map(eventColumns)).execute(tx);
    return r.rows.map((x) => ({ ...x, event_id: Number(x.event_id) }));
  }
  // lineage read from the enrollment, else from the campaign and its play, by the insert itself
  const json = events.map((e) => ({
    ...eventColumns(e),
    occurred_at: new Date(e.occurred_at as Date | string).toISOString(),
  }));
  const cols = sql.join(COLUMNS.map((c) => sql.ref(c)));
  const r = await sql<AppendedEvent>`
    insert into cadence_event_log (${cols})
    select v.client_id, v.occurred_at, v.contact_id, v.account_id, v.enrollment_id,
           coalesce(v.campaign_id, e.campaign_id), v.send_item_id, v.step_number,
           v.sequence_type, v.channel, v.event_type, v.coordinator_action,
           v.resolution, v.gate, v.touch_cap_at_event, v.compliance_status, v.suppressed_reason,
           v.release_at, coalesce(v.originating_agent_id, e.originating_agent_id),
           v.actor_principal_id, l.play_id, coalesce(v.originating_proposal_id, ${LINEAGE_PROPOSAL}),
           coalesce(v.details, '{}')
      from (${jsonRowsSelect(LINEAGED_INSERT, json)}) as v
      ${lineageJoins({
        clientId: sql`v.client_id`,
        enrollmentId: sql`v.enrollment_id`,
        campaignId: sql`coalesce(v.campaign_id, e.campaign_id)`,
        playId: sql`v.play_id`,
      })}
     order by v.ordinality
    returning event_id, enrollment_id, send_item_id`.execute(tx);
  return r.rows.map((x) => ({ ...x, event_id: Number(x.event_id) }));
}
