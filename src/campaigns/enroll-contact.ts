// spec 002 enroll_contact: "Creates campaign_contacts row(s), sets step 1, calculates first
// next_send_at" - through the coordinator's activation gates (spec 001), which create the row.
// Records goal and notes, and enqueues the CRM writes (upsert contact; a deal for sales campaigns).
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import type { Decision } from "../coordinator/contract.ts";
import { assertNotErased } from "../coordinator/snapshot/load-prospect-facts.ts";
import type { DB } from "../db/database.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { mapDbError, rethrowDb } from "../errors/map-db-error.ts";
import { LIVE_STATUSES } from "./exit-reasons.ts";
import { campaignPorts, crmWrite } from "./ports.ts";
import { type CampaignRow, requireCampaign } from "./read-campaigns.ts";
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

/**
 * Enrolls inside the caller's transaction (used by enrollContact, on_exit chains and hand-offs).
 * requestedBy null = Baton itself (an on_exit chain).
 */
export async function enrollWithin(
  tx: Kysely<DB>,
  req: {
    clientId: string;
    campaign: NonNullable<CampaignRow>;
    contactId: string;
    requestedBy: Principal | null;
    goal?: string | null;
    notes?: string | null;
  },
  now: Date,
): Promise<EnrollResult> {
  const { clientId, campaign } = req;
  if (campaign.status !== "active") {
    throw new BatonError("CAMPAIGN_NOT_ACTIVE", { campaign: campaign.slug, status: campaign.status });
  }
  // Lock the contact first: it serializes every activation of this contact (the coordinator locks it too).
  const contact = await tx
    .selectFrom("contacts")
    .select(["contact_id", "full_name"])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", req.contactId)
    .forUpdate()
    .executeTakeFirst();
  if (!contact) throw new BatonError("ENROLL_CONTACT_NOT_FOUND", { contact: req.contactId });
  await assertNotErased(tx, clientId, req.contactId); // issue 15: an erased person is never enrolled again
  const live = await tx
    .selectFrom("campaign_contacts")
    .select("id")
    .where("client_id", "=", clientId)
    .where("contact_id", "=", req.contactId)
    .where("campaign_id", "=", campaign.id)
    .where("status", "in", LIVE_STATUSES)
    .executeTakeFirst();
  if (live) {
    throw new BatonError("ENROLLMENT_ALREADY_ACTIVE", { enrollment_id: live.id, campaign: campaign.slug });
  }
  const { requestActivation } = await campaignPorts();
  const { decision, enrollmentId } = await requestActivation(
    tx,
    {
      clientId,
      contactId: req.contactId,
      campaignId: campaign.id,
      requestedBy: req.requestedBy,
      originatingAgentId: req.requestedBy?.agentId ?? null,
      goal: req.goal ?? null,
      notes: req.notes ?? null,
    },
    now,
  );
  if (enrollmentId) {
    await tx
      .updateTable("campaign_contacts")
      .set({ goal: req.goal ?? null, notes: req.notes ?? null })
      .where("client_id", "=", clientId)
      .where("id", "=", enrollmentId)
      .execute();
    // spec 002 Attio writes: create/update contact on enroll_contact; a deal for sales campaigns.
    await crmWrite(tx, clientId, { op: "upsert_contact", contactId: req.contactId }, now);
    if (campaign.kind === "sales") {
      await crmWrite(
        tx,
        clientId,
        {
          op: "create_deal",
          contactId: req.contactId,
          enrollmentId,
          name: `${campaign.name}: ${contact.full_name}`,
        },
        now,
      );
    }
  }
  return {
    outcome: outcomeOf(decision),
    enrollment_id: enrollmentId,
    campaign: campaign.slug,
    contact_id: req.contactId,
    decision,
  };
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

/** Many contacts into one campaign; each in its own transaction, so one refusal does not undo the rest. */
export async function enrollContacts(
  db: Kysely<DB>,
  actor: Principal,
  input: { campaign: string; contacts: { contactId: string; goal?: Goal | null; notes?: string | null }[] },
  now: Date,
): Promise<BulkEnrollItem[]> {
  requireEnroller(actor);
  await requireCampaign(db, actor.clientId, input.campaign);
  const out: BulkEnrollItem[] = [];
  for (const c of input.contacts) {
    try {
      const result = await enrollContact(db, actor, { campaign: input.campaign, ...c }, now);
      out.push({ contact_id: c.contactId, ok: true, result });
    } catch (e) {
      const be = isBatonError(e) ? e : mapDbError(e);
      if (!be) throw e;
      out.push({ contact_id: c.contactId, ok: false, error: { code: be.code, message: be.message } });
    }
  }
  return out;
}
