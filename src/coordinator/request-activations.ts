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
// request order (write-activations.ts), each kind in one statement, so the enrollments are
// inserted, and the events numbered, in the order one request at a time gives them.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type {
  ActivationInput,
  ActivationOutcome,
  Decided,
  Existing,
  Live,
  LockedRow,
} from "./activation-types.ts";
import { loadCapConfig } from "./coordinator-config.ts";
import { decideDuplicate } from "./decide-duplicate.ts";
import { decide } from "./gates/decide.ts";
import type { GateSnapshot } from "./gates/types.ts";
import { loadCampaigns } from "./load-campaigns.ts";
import { CONTACT_FACT_COLUMNS, contactFacts, loadTouchesOf } from "./snapshot/batch-snapshot.ts";
import { factsKey, loadProspectFacts } from "./snapshot/load-prospect-facts.ts";
import { writeEnrollments, writeEvents } from "./write-activations.ts";

const DAY_MS = 24 * 3600_000;

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
