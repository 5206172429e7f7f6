// spec 002 enroll_contact: "Creates campaign_contacts row(s), sets step 1, calculates first
// next_send_at" - through the coordinator's activation gates (spec 001), which create the row.
// Records goal and notes, and enqueues the CRM writes (upsert contact; a deal for sales campaigns).
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { contactsInBook } from "../books/index.ts";
import type { Decision } from "../coordinator/contract.ts";
import type { CrmWrite } from "../crm/crm-adapter.ts";
import type { DB } from "../db/database.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { isDatabaseError, mapDbError, rethrowDb } from "../errors/map-db-error.ts";
import { enrollRefusals } from "./campaign-access.ts";
import { LIVE_STATUSES } from "./exit-reasons.ts";
import { campaignPorts, crmWrites } from "./ports.ts";
import { type CampaignRow, findCampaign, requireCampaign } from "./read-campaigns.ts";
import type { Goal } from "./validate-definition.ts";

/** People who may enroll; every agent may too (roles.sales and roles.bdr enroll in the spec). */
export const ENROLLER_ROLES = ["revops", "exec", "admin", "rep"] as const;

export type EnrollOutcome = "enrolled" | "queued" | "held" | "blocked";

export interface EnrollInput {
  /** slug or id */
  campaign: string;
  contactId: string;
  goal?: Goal | null;
  notes?: string | null;
}

export interface EnrollResult {
  outcome: EnrollOutcome;
  enrollment_id: string | null;
  campaign: string;
  contact_id: string;
  decision: Decision;
}

export function requireEnroller(actor: Principal): void {
  if (actor.kind === "agent" || hasRole(actor, ...ENROLLER_ROLES)) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(actor),
    action: "enroll contacts",
    required: `an agent token or the ${ENROLLER_ROLES.join(" or ")} role`,
  });
}

function outcomeOf(d: Decision): EnrollOutcome {
  switch (d.action) {
    case "allow":
      return "enrolled";
    case "queue":
      return "queued";
    case "hold":
      return "held";
    case "block":
      return "blocked";
  }
}

/** One contact into one campaign, for enrollAllWithin. */
export interface EnrollRequest {
  campaign: NonNullable<CampaignRow>;
  contactId: string;
  goal?: string | null;
  notes?: string | null;
}

/**
 * Enrolls inside the caller's transaction (used by enrollContact, on_exit chains and hand-offs).
 * requestedBy null = Baton itself (an on_exit chain).
 */
export async function enrollWithin(
  tx: Kysely<DB>,
  req: EnrollRequest & { clientId: string; requestedBy: Principal | null },
  now: Date,
): Promise<EnrollResult> {
  const [r] = await enrollAllWithin(tx, req.clientId, req.requestedBy, [req], now);
  if (r instanceof BatonError) throw r;
  return r;
}

/**
 * Enrolls a list inside the caller's transaction, in order: the same checks, gates, rows, events and
 * CRM writes as one enrollWithin per item, in a fixed number of statements (issue 14). A refused
 * item gets its error in its slot and writes nothing; the others go on.
 */
export async function enrollAllWithin(
  tx: Kysely<DB>,
  clientId: string,
  requestedBy: Principal | null,
  items: EnrollRequest[],
  now: Date,
): Promise<(EnrollResult | BatonError)[]> {
  const out: (EnrollResult | BatonError)[] = new Array(items.length);
  // an item that repeats an earlier (contact, campaign) of the list must see what that one wrote
  for (const part of partsWithoutRepeats(items))
    await enrollPart(tx, clientId, requestedBy, items, part, out, now);
  return out;
}

/** Splits item indexes into parts, in order, each holding a (contact, campaign) at most once. */
function partsWithoutRepeats(items: EnrollRequest[]): number[][] {
  const parts: number[][] = [[]];
  let seen = new Set<string>();
  items.forEach((x, i) => {
    const key = `${x.contactId}/${x.campaign.id}`;
    if (seen.has(key)) {
      parts.push([]);
      seen = new Set();
    }
    seen.add(key);
    parts[parts.length - 1].push(i);
  });
  return parts;
}

async function enrollPart(
  tx: Kysely<DB>,
  clientId: string,
  requestedBy: Principal | null,
  items: EnrollRequest[],
  part: number[],
  out: (EnrollResult | BatonError)[],
  now: Date,
): Promise<void> {
  // issue 61: into a team campaign enroll its team's people (campaign-access.ts)
  const refusals = await enrollRefusals(
    tx,
    requestedBy,
    part.map((i) => items[i].campaign),
  );
  const active = part.filter((i, k) => {
    const c = items[i].campaign;
    const refused = refusals[k];
    if (refused) out[i] = refused;
    else if (c.status === "active") return true;
    else out[i] = new BatonError("CAMPAIGN_NOT_ACTIVE", { campaign: c.slug, status: c.status });
    return false;
  });
  if (active.length === 0) return;
  // Lock the contacts first (contact_id order): it serializes every activation of each contact (the
  // coordinator locks them too). issue 15: an erased person is never enrolled again.
  const contacts = await sql<{ contact_id: string; full_name: string; erased: boolean }>`
    select contact_id, full_name, erased_at is not null as erased from contacts
     where client_id = ${clientId} and contact_id = any(${active.map((i) => items[i].contactId)}::uuid[])
     order by contact_id
       for update`.execute(tx);
  const contactOf = new Map(contacts.rows.map((c) => [c.contact_id, c]));
  const live = await sql<{ id: string; contact_id: string; campaign_id: string }>`
    select id, contact_id, campaign_id from campaign_contacts
     where client_id = ${clientId}
       and (contact_id, campaign_id) in (
         select * from unnest(${active.map((i) => items[i].contactId)}::uuid[],
                              ${active.map((i) => items[i].campaign.id)}::uuid[]))
       and status in (${sql.join(LIVE_STATUSES)})`.execute(tx);
  const liveOf = new Map(live.rows.map((e) => [`${e.contact_id}/${e.campaign_id}`, e.id]));
  // issue 61 item 2: a principal enrolls the prospects of its book; outside it, the answer of a
  // contact of another workspace (Baton itself, on_exit chains, has no book)
  const inBook = requestedBy
    ? await contactsInBook(tx, requestedBy, [...contactOf.keys()])
    : new Set(contactOf.keys());
  const asked = active.filter((i) => {
    const { contactId, campaign } = items[i];
    const contact = contactOf.get(contactId);
    const liveId = liveOf.get(`${contactId}/${campaign.id}`);
    if (!contact || !inBook.has(contactId))
      out[i] = new BatonError("ENROLL_CONTACT_NOT_FOUND", { contact: contactId });
    else if (contact.erased) out[i] = new BatonError("CONTACT_ERASED", { contact_id: contactId });
    else if (liveId)
      out[i] = new BatonError("ENROLLMENT_ALREADY_ACTIVE", {
        enrollment_id: liveId,
        campaign: campaign.slug,
      });
    else return true;
    return false;
  });
  if (asked.length === 0) return;
  const { requestActivations } = await campaignPorts();
  const answers = await requestActivations(
    tx,
    asked.map((i) => ({
      clientId,
      contactId: items[i].contactId,
      campaignId: items[i].campaign.id,
      requestedBy,
      originatingAgentId: requestedBy?.agentId ?? null,
      goal: items[i].goal ?? null,
      notes: items[i].notes ?? null,
    })),
    now,
  );
  // spec 002 Attio writes: create/update contact on enroll_contact; a deal for sales campaigns.
  const writes: CrmWrite[] = [];
  asked.forEach((i, k) => {
    const a = answers[k];
    if ("error" in a) throw a.error; // checked above: the contact and the campaign are the tenant's
    const { contactId, campaign } = items[i];
    if (a.enrollmentId) {
      writes.push({ op: "upsert_contact", contactId });
      if (campaign.kind === "sales") {
        const name = `${campaign.name}: ${contactOf.get(contactId)!.full_name}`;
        writes.push({ op: "create_deal", contactId, enrollmentId: a.enrollmentId, name });
      }
    }
    out[i] = {
      outcome: outcomeOf(a.decision),
      enrollment_id: a.enrollmentId,
      campaign: campaign.slug,
      contact_id: contactId,
      decision: a.decision,
    };
  });
  await crmWrites(tx, clientId, writes, now);
}

/** spec 002 enroll_contact, in a transaction of its own. */
export async function enrollContact(
  db: Kysely<DB>,
  actor: Principal,
  input: EnrollInput,
  now: Date,
): Promise<EnrollResult> {
  requireEnroller(actor);
  const campaign = await requireCampaign(db, actor.clientId, input.campaign);
  if (campaign.status !== "active") {
    throw new BatonError("CAMPAIGN_NOT_ACTIVE", { campaign: campaign.slug, status: campaign.status });
  }
  try {
    return await db.transaction().execute(async (tx) => {
      const c = await requireCampaign(tx, actor.clientId, campaign.id);
      return enrollWithin(
        tx,
        {
          clientId: actor.clientId,
          campaign: c,
          contactId: input.contactId,
          requestedBy: actor,
          goal: input.goal,
          notes: input.notes,
        },
        now,
      );
    });
  } catch (e) {
    rethrowDb(e);
  }
}

export interface BulkEnrollItem {
  contact_id: string;
  ok: boolean;
  result?: EnrollResult;
  error?: { code: string; message: string };
}

/** Contacts per transaction in a bulk enrollment: the contacts stay locked until it commits. */
export const ENROLL_BATCH = 200;

/** Many contacts into one campaign; one refusal does not undo the rest (enrollMany). */
export async function enrollContacts(
  db: Kysely<DB>,
  actor: Principal,
  input: { campaign: string; contacts: { contactId: string; goal?: Goal | null; notes?: string | null }[] },
  now: Date,
): Promise<BulkEnrollItem[]> {
  requireEnroller(actor);
  await requireCampaign(db, actor.clientId, input.campaign);
  return enrollMany(
    db,
    actor,
    input.contacts.map((c) => ({ campaign: input.campaign, ...c })),
    now,
  );
}

/**
 * A list of enrollments, in order, each answered on its own: one transaction per ENROLL_BATCH items
 * (enrollAllWithin). If the database refuses a batch (a rule trigger refusing one item, a deadlock),
 * its items are enrolled one per transaction instead, so that one refusal never undoes the others.
 */
export async function enrollMany(
  db: Kysely<DB>,
  actor: Principal,
  input: EnrollInput[],
  now: Date,
): Promise<BulkEnrollItem[]> {
  requireEnroller(actor);
  const out: BulkEnrollItem[] = [];
  for (let k = 0; k < input.length; k += ENROLL_BATCH) {
    const slice = input.slice(k, k + ENROLL_BATCH);
    try {
      const answers = await db.transaction().execute(async (tx) => {
        // each batch reads its campaigns in its own transaction, as enrollContact does: a campaign
        // paused or archived during a long list is seen by the batches after it
        const campaigns = new Map<string, NonNullable<CampaignRow> | BatonError>();
        for (const slug of new Set(slice.map((x) => x.campaign))) {
          const c = await findCampaign(tx, actor.clientId, slug);
          campaigns.set(slug, c ?? new BatonError("CAMPAIGN_NOT_FOUND", { campaign: slug }));
        }
        const items: EnrollRequest[] = [];
        const slots: (EnrollResult | BatonError | number)[] = slice.map((x) => {
          const c = campaigns.get(x.campaign)!;
          if (c instanceof BatonError) return c;
          items.push({ campaign: c, contactId: x.contactId, goal: x.goal, notes: x.notes });
          return items.length - 1;
        });
        const done = await enrollAllWithin(tx, actor.clientId, actor, items, now);
        return slots.map((s) => (typeof s === "number" ? done[s] : s));
      });
      slice.forEach((x, i) => {
        out.push(bulkItem(x.contactId, answers[i]));
      });
    } catch (e) {
      // one per transaction below: each item gets the answer enrollContact gives it (a trigger's
      // refusal of one item, a bad id, a deadlock with a concurrent batch); anything else is a
      // fault of this code, thrown rather than hidden behind the slower path
      if (!(isBatonError(e) || isDatabaseError(e))) throw e;
      for (const x of slice) {
        try {
          out.push(bulkItem(x.contactId, await enrollContact(db, actor, x, now)));
        } catch (err) {
          const be = isBatonError(err) ? err : mapDbError(err);
          if (!be) throw err;
          out.push(bulkItem(x.contactId, be));
        }
      }
    }
  }
  return out;
}

function bulkItem(contactId: string, r: EnrollResult | BatonError): BulkEnrollItem {
  return r instanceof BatonError
    ? { contact_id: contactId, ok: false, error: { code: r.code, message: r.message } }
    : { contact_id: contactId, ok: true, result: r };
}
