// spec 001 sequence activation for a list of requests in the caller's transaction (issue 14 item 7:
// the engine re-asks every queued activation of a claimed batch, and a bulk enrollment asks for a
// whole list). The same gates, locks, rows and event row per request as one request at a time, in
// a fixed number of statements per round instead of about ten per request; requestActivation is
// this function with one request, so the two cannot drift apart.
//
// One pass: the reads are made once, after the locks; the decisions are taken in request order in
// memory, and each decision's enrollment change is applied to the in-memory state before the next
// request of the same contact is decided (its enrollment is "already enrolled" for gate 5 and
// "concurrent" for gate 4). An activation changes nothing else a gate reads: touches, the contact's
// flags and signals, its account and its prospect facts stay as read. Then the rows are written in
// request order, each kind in one statement, so the enrollments are inserted, and the events
// numbered, in the order one request at a time gives them.
import { type Kysely, sql } from "kysely";
import type { EnrollmentStatus, SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { appendEvents } from "../event-log/index.ts";
import { applyEffects } from "./apply-effects.ts";
import type { ActivationRequest, Decision } from "./contract.ts";
import { loadCapConfig } from "./coordinator-config.ts";
import { decide } from "./gates/decide.ts";
import { touchesInWindow } from "./gates/touch-cap-gate.ts";
import { transitionGate } from "./gates/transition-gate.ts";
import type { DecisionCore, GateSnapshot } from "./gates/types.ts";
import {
  CONTACT_FACT_COLUMNS,
  type ContactFactRow,
  contactFacts,
  loadTouchesOf,
} from "./snapshot/batch-snapshot.ts";
import { factsKey, loadProspectFacts } from "./snapshot/load-prospect-facts.ts";
import { decisionEventRow } from "./write-decision-event.ts";

const DAY_MS = 24 * 3600_000;

export type ActivationInput = ActivationRequest & { existingEnrollmentId?: string };
export type ActivationOutcome = { decision: Decision; enrollmentId: string | null } | { error: BatonError };

/** A campaign with its lineage (campaign.play_id → plays.originating_proposal_id) and first step. */
export interface ActivationCampaign {
  id: string;
  slug: string;
  kind: SequenceType;
  status: "active" | "paused" | "archived";
  play_id: string | null;
  originating_proposal_id: string | null;
  step_count: number;
  first_delay_days: number | null;
}

/** The tenant's campaigns among `ids`, by id (one statement). */
export async function loadCampaigns(
  tx: Kysely<DB>,
  clientId: string,
  ids: string[],
): Promise<Map<string, ActivationCampaign>> {
  const r = await sql<ActivationCampaign>`
    select c.id, c.slug, c.kind, c.status, c.play_id, p.originating_proposal_id,
           (select count(*) from campaign_sequences s
             where s.client_id = c.client_id and s.campaign_id = c.id)::int as step_count,
           (select s.delay_days from campaign_sequences s
             where s.client_id = c.client_id and s.campaign_id = c.id and s.step_number = 1) as first_delay_days
      from campaigns c
      left join plays p on p.client_id = c.client_id and p.play_id = c.play_id
     where c.client_id = ${clientId} and c.id = any(${ids}::uuid[])`.execute(tx);
  return new Map(r.rows.map((c) => [c.id, c]));
}

/** Gate 5 refuses a duplicate request up front: there is nothing new to gate (previewDecision too). */
export function decideDuplicate(s: GateSnapshot, now: Date): DecisionCore {
  const o = transitionGate(s);
  return {
    action: "block",
    gate: 5,
    reason: o.reason,
    until: null,
    touchCapAtEvent: s.sequenceType === "transactional" ? 0 : touchesInWindow(s.touches, now),
    resolution: o.resolution ?? "already_enrolled",
    trace: [o],
    effects: [],
  };
}

/**
 * Asks the five gates for each request, in order, inside `tx`. Every request must be of one tenant.
 * A request whose campaign, contact or queued enrollment is not the tenant's gets a NOT_FOUND error
 * in its slot and changes nothing; the others go on.
 */
export async function requestActivations(
  tx: Kysely<DB>,
  reqs: ActivationInput[],
  now: Date,
): Promise<ActivationOutcome[]> {
  const out: ActivationOutcome[] = new Array(reqs.length);
  if (reqs.length === 0) return out;
  const clientId = reqs[0].clientId;
  if (reqs.some((r) => r.clientId !== clientId)) throw new Error("requestActivations: one tenant per call");
  const campaigns = await loadCampaigns(tx, clientId, [...new Set(reqs.map((r) => r.campaignId))]);
  const known = reqs.flatMap((r, i) => {
    if (campaigns.has(r.campaignId)) return [i];
    out[i] = { error: new BatonError("NOT_FOUND", { entity: "campaign", id: r.campaignId }) };
    return [];
  });
  if (known.length === 0) return out;
  // 1. lock the contacts (contact_id order: the lock order used everywhere), reading their facts
  const locked = await sql<LockedRow>`
    select c.contact_id, ${CONTACT_FACT_COLUMNS}
      from contacts c
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where c.client_id = ${clientId} and c.contact_id = any(${known.map((i) => reqs[i].contactId)}::uuid[])
     order by c.contact_id
       for update of c`.execute(tx);
  const contactOf = new Map(locked.rows.map((r) => [r.contact_id, r]));
  // 2. then the queued enrollments being asked again (enrollment id order)
  const existingIds = known.flatMap((i) =>
    reqs[i].existingEnrollmentId ? [reqs[i].existingEnrollmentId] : [],
  );
  const existingOf = new Map<string, Existing>();
  if (existingIds.length) {
    const r = await sql<Existing>`
      select id, status, contact_id, campaign_id from campaign_contacts
       where client_id = ${clientId} and id = any(${existingIds}::uuid[])
       order by id
         for update`.execute(tx);
    for (const e of r.rows) existingOf.set(e.id, e);
  }
  const asked = known.filter((i) => {
    const req = reqs[i];
    const e = req.existingEnrollmentId ? existingOf.get(req.existingEnrollmentId) : undefined;
    if (!contactOf.has(req.contactId)) {
      out[i] = { error: new BatonError("NOT_FOUND", { entity: "contact", id: req.contactId }) };
      return false;
    }
    if (
      req.existingEnrollmentId &&
      (!e || e.contact_id !== req.contactId || e.campaign_id !== req.campaignId)
    ) {
      out[i] = { error: new BatonError("NOT_FOUND", { entity: "enrollment", id: req.existingEnrollmentId }) };
      return false;
    }
    return true;
  });
  if (asked.length === 0) return out;
  // 3. what the gates count, read after the locks
  const contactIds = [...new Set(asked.map((i) => reqs[i].contactId))];
  const touchesOf = await loadTouchesOf(tx, clientId, contactIds, now);
  const live = (
    await sql<Live>`
    select id, contact_id, campaign_id, sequence_type, status from campaign_contacts
     where client_id = ${clientId} and contact_id = any(${contactIds}::uuid[])
       and status in ('queued', 'active', 'paused')`.execute(tx)
  ).rows;
  const config = await loadCapConfig(tx, clientId);
  const prospects = await loadProspectFacts(
    tx,
    clientId,
    asked.map((i) => ({ contactId: reqs[i].contactId, campaignId: reqs[i].campaignId })),
  );

  // 4. the decisions, in request order, each applied to the in-memory state the next one reads
  const decided: Decided[] = [];
  for (const i of asked) {
    const req = reqs[i];
    const campaign = campaigns.get(req.campaignId)!;
    const row = contactOf.get(req.contactId)!;
    const existing = req.existingEnrollmentId ? existingOf.get(req.existingEnrollmentId)! : null;
    const others = live.filter((x) => x.contact_id === req.contactId && x.id !== existing?.id);
    const { contact, account } = contactFacts(row);
    const snapshot: GateSnapshot = {
      sequenceType: campaign.kind,
      contact,
      account,
      touches: touchesOf.get(req.contactId) ?? [],
      config,
      concurrent: others.map((x) => ({
        enrollmentId: x.id,
        sequenceType: x.sequence_type,
        status: x.status,
      })),
      transition: {
        kind: "activation",
        existingStatus: existing?.status ?? null,
        campaignStatus: campaign.status,
        stepCount: campaign.step_count,
        alreadyEnrolled: others.some((x) => x.campaign_id === campaign.id),
      },
      prospect: prospects.get(factsKey(req.contactId, req.campaignId)),
    };
    // a duplicate (a live enrollment in this campaign already exists) must never become a second
    // enrollment through a hold or a queue
    const d =
      !existing && snapshot.transition.kind === "activation" && snapshot.transition.alreadyEnrolled
        ? decideDuplicate(snapshot, now)
        : decide(snapshot, now);
    const x: Decided = { i, req, campaign, accountId: row.account_id, d, existing, write: null };
    decided.push(x);
    applyInMemory(x, live, now);
  }

  // 5. the writes, in request order, each kind in one statement
  const enrollmentOf = await writeEnrollments(tx, clientId, decided, now);
  await writeEvents(tx, clientId, decided, enrollmentOf, out, now);
  return out;
}

type LockedRow = ContactFactRow & { contact_id: string };
type Existing = { id: string; status: EnrollmentStatus; contact_id: string; campaign_id: string };
type Live = {
  id: string;
  contact_id: string;
  campaign_id: string;
  sequence_type: SequenceType;
  status: EnrollmentStatus;
};
/** What a decision writes to its enrollment. */
type EnrollmentWrite =
  | { kind: "insert" | "update"; status: "active" | "queued"; at: Date | null }
  | { kind: "end"; status: "opted_out" | "cancelled"; reason: string };
type Decided = {
  i: number;
  req: ActivationInput;
  campaign: ActivationCampaign;
  accountId: string | null;
  d: DecisionCore;
  existing: Existing | null;
  write: EnrollmentWrite | null;
};

/**
 * allow, hold, queue: a new enrollment (active, or queued until `until`), or the queued one asked
 * again updated. A block of a queued enrollment ends it (opted_out at gate 1, else cancelled).
 * Sets x.write, and applies it to `live` and to the existing enrollment's status.
 */
function applyInMemory(x: Decided, live: Live[], now: Date): void {
  const { d, existing, req, campaign } = x;
  if (d.action !== "block") {
    const status = d.action === "allow" ? "active" : "queued";
    const at =
      d.action === "allow" ? new Date(now.getTime() + (campaign.first_delay_days ?? 0) * DAY_MS) : d.until;
    x.write = { kind: existing ? "update" : "insert", status, at };
    const row = existing ? live.find((l) => l.id === existing.id) : undefined;
    if (existing) existing.status = status;
    if (row) row.status = status;
    else
      live.push({
        id: existing?.id ?? `request:${x.i}`,
        contact_id: req.contactId,
        campaign_id: campaign.id,
        sequence_type: campaign.kind,
        status,
      });
  } else if (existing?.status === "queued") {
    const status = d.gate === 1 ? "opted_out" : "cancelled";
    x.write = { kind: "end", status, reason: String(d.reason) };
    existing.status = status;
    const k = live.findIndex((l) => l.id === existing.id);
    if (k >= 0) live.splice(k, 1);
  }
}

/** The last write per enrollment wins, as it does one request at a time. */
function lastPer<T>(items: T[], key: (x: T) => string): T[] {
  const m = new Map<string, T>();
  for (const x of items) {
    m.delete(key(x));
    m.set(key(x), x);
  }
  return [...m.values()];
}

/**
 * The enrollment rows (inserts in request order, updates and ends of the enrollments asked again),
 * then the contacts an allow marks. Returns the enrollment of each request that has one, by index.
 */
async function writeEnrollments(
  tx: Kysely<DB>,
  clientId: string,
  decided: Decided[],
  now: Date,
): Promise<Map<number, string>> {
  const enrollmentOf = new Map<number, string>();
  for (const x of decided) if (x.existing) enrollmentOf.set(x.i, x.existing.id);
  const inserts = decided.filter((x) => x.write?.kind === "insert");
  if (inserts.length) {
    const rows = await tx
      .insertInto("campaign_contacts")
      .values(
        inserts.map((x) => ({
          client_id: clientId,
          contact_id: x.req.contactId,
          campaign_id: x.campaign.id,
          status: x.write!.status,
          current_step: 1,
          next_send_at: x.write!.kind === "end" ? null : x.write!.at,
          enrolled_at: now,
          goal: x.req.goal ?? null,
          notes: x.req.notes ?? null,
          sequence_type: x.campaign.kind,
          originating_agent_id: originatingAgentOf(x.req),
          requested_by_principal_id: x.req.requestedBy?.principalId ?? null,
          play_id: x.campaign.play_id,
          originating_proposal_id: x.campaign.originating_proposal_id,
          updated_at: now,
        })),
      )
      .returning(["id", "contact_id", "campaign_id"])
      .execute();
    // a contact has one new enrollment per campaign in a list: a second is refused as a duplicate
    const idOf = new Map(rows.map((r) => [`${r.contact_id}/${r.campaign_id}`, r.id]));
    for (const x of inserts) enrollmentOf.set(x.i, idOf.get(`${x.req.contactId}/${x.campaign.id}`)!);
  }
  const changed = lastPer(
    decided.filter((x) => x.existing && x.write),
    (x) => x.existing!.id,
  );
  const updates = changed.filter((x) => x.write!.kind === "update");
  if (updates.length) {
    const at = (x: Decided) => (x.write!.kind === "end" ? null : (x.write!.at?.toISOString() ?? null));
    await sql`update campaign_contacts e set status = v.status, next_send_at = v.at, updated_at = ${now}
      from (select unnest(${updates.map((x) => x.existing!.id)}::uuid[]) as id,
                   unnest(${updates.map((x) => x.write!.status)}::text[]) as status,
                   unnest(${updates.map(at)}::timestamptz[]) as at) v
     where e.client_id = ${clientId} and e.id = v.id`.execute(tx);
  }
  const ends = changed.filter((x) => x.write!.kind === "end");
  if (ends.length) {
    const reason = (x: Decided) => (x.write!.kind === "end" ? x.write!.reason : null);
    await sql`update campaign_contacts e
                 set status = v.status, exited_at = ${now}, exit_reason = v.reason, next_send_at = null,
                     updated_at = ${now}
      from (select unnest(${ends.map((x) => x.existing!.id)}::uuid[]) as id,
                   unnest(${ends.map((x) => x.write!.status)}::text[]) as status,
                   unnest(${ends.map(reason)}::text[]) as reason) v
     where e.client_id = ${clientId} and e.id = v.id`.execute(tx);
  }
  const allowed = lastPer(
    decided.filter((x) => x.d.action === "allow"),
    (x) => x.req.contactId,
  );
  if (allowed.length) {
    await sql`update contacts c set active_sequence_id = v.eid, current_step = 1, updated_at = ${now}
      from (select unnest(${allowed.map((x) => x.req.contactId)}::uuid[]) as cid,
                   unnest(${allowed.map((x) => enrollmentOf.get(x.i)!)}::uuid[]) as eid) v
     where c.client_id = ${clientId} and c.contact_id = v.cid`.execute(tx);
  }
  return enrollmentOf;
}

/** The event rows in one statement, in request order, then each decision's effects and answer. */
async function writeEvents(
  tx: Kysely<DB>,
  clientId: string,
  decided: Decided[],
  enrollmentOf: Map<number, string>,
  out: ActivationOutcome[],
  now: Date,
): Promise<void> {
  const rows = await appendEvents(
    tx,
    decided.map((x) =>
      decisionEventRow(
        "activation",
        x.d,
        {
          clientId,
          contactId: x.req.contactId,
          accountId: x.accountId,
          enrollmentId: enrollmentOf.get(x.i) ?? null,
          campaignId: x.campaign.id,
          stepNumber: 1,
          sequenceType: x.campaign.kind,
          originatingAgentId: originatingAgentOf(x.req),
          actorPrincipalId: x.req.requestedBy?.principalId ?? null,
          playId: x.campaign.play_id,
          originatingProposalId: x.campaign.originating_proposal_id,
        },
        now,
      ),
    ),
  );
  // the identity is drawn row by row in the order of the VALUES list
  const eventIds = rows.map((r) => Number(r.event_id)).sort((a, b) => a - b);
  for (const [k, x] of decided.entries()) {
    const eventId = eventIds[k];
    const enrollmentId = enrollmentOf.get(x.i) ?? null;
    if (x.d.effects.length) {
      await applyEffects(
        tx,
        x.d.effects,
        {
          clientId,
          contactId: x.req.contactId,
          enrollmentId,
          campaignId: x.campaign.id,
          eventId,
          sequenceType: x.campaign.kind,
        },
        originatingAgentOf(x.req),
        now,
      );
    }
    const { trace: _t, effects: _e, resolution: _r, ...rest } = x.d;
    out[x.i] = { decision: { ...rest, eventId }, enrollmentId };
  }
}

function originatingAgentOf(req: ActivationInput): string | null {
  return req.originatingAgentId ?? req.requestedBy?.agentId ?? null;
}
