// The API's and CLI's way to ask the coordinator for an activation (issue 3 "API and CLI"), and to
// gate one step by hand. Bad input gets a clear error and changes nothing (issue 3 "Bad input"):
// unknown prospect, campaign or sequence type, a type that is not the campaign's kind, another
// tenant's lead (404), a gate-5 refusal (illegal transition, finished sequence) — these roll back.
// Roles (docs/coordinator.md): agents, and people with exec, rep, revops or admin.
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { requireInBook } from "../books/index.ts";
import { setActor } from "../db/actor-context.ts";
import type { SequenceType } from "../db/core-tables.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { Decision } from "./contract.ts";
import { gateStep } from "./gate-step.ts";
import { isSequenceType } from "./gates/sides.ts";
import { requestActivation } from "./request-activation.ts";

export interface ActivationInput {
  contactId: string;
  /** campaign id or slug */
  campaign: string;
  sequenceType?: string;
  goal?: string | null;
  notes?: string | null;
  originatingAgentId?: string | null;
}

export interface ActivationOutcome {
  decision: Decision;
  enrollmentId: string | null;
}

function requireRequester(p: Principal, action: string) {
  if (p.kind === "agent" || hasRole(p, "exec", "rep", "revops", "admin")) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(p),
    action,
    required: "an agent token or the exec, rep, revops or admin role",
  });
}

async function resolveCampaign(tx: Kysely<DB>, clientId: string, ref: string) {
  const c = await tx
    .selectFrom("campaigns")
    .select(["id", "slug", "kind"])
    .where("client_id", "=", clientId)
    .where(isUuid(ref) ? "id" : "slug", "=", ref)
    .executeTakeFirst();
  if (!c) throw new BatonError("NOT_FOUND", { entity: "campaign", id: ref });
  return c;
}

function refuseGate5(d: Decision, facts: Record<string, unknown>): never {
  if (d.reason === "sequence_finished") throw new BatonError("SEQUENCE_FINISHED", facts);
  throw new BatonError("ILLEGAL_SEQUENCE_TRANSITION", { ...facts, reason: d.reason });
}

export async function requestActivationAs(
  db: Kysely<DB>,
  actor: Principal,
  input: ActivationInput,
  now: Date,
): Promise<ActivationOutcome> {
  requireRequester(actor, "request a sequence activation");
  if (input.sequenceType !== undefined && !isSequenceType(input.sequenceType)) {
    throw new BatonError("UNKNOWN_SEQUENCE_TYPE", { sequence_type: input.sequenceType });
  }
  if (!isUuid(input.contactId)) throw new BatonError("NOT_FOUND", { entity: "contact", id: input.contactId });
  return db.transaction().execute(async (tx) => {
    await setActor(tx, actor, now);
    // issue 61 item 2: a prospect of the actor's book (a bound agent's too), else not found
    await requireInBook(tx, actor, input.contactId);
    const campaign = await resolveCampaign(tx, actor.clientId, input.campaign);
    if (input.sequenceType && input.sequenceType !== campaign.kind) {
      throw new BatonError("SEQUENCE_TYPE_MISMATCH", {
        campaign: campaign.slug,
        kind: campaign.kind,
        sequence_type: input.sequenceType as SequenceType,
      });
    }
    const r = await requestActivation(
      tx,
      {
        clientId: actor.clientId,
        contactId: input.contactId,
        campaignId: campaign.id,
        requestedBy: actor,
        originatingAgentId: input.originatingAgentId ?? null,
        goal: input.goal ?? null,
        notes: input.notes ?? null,
      },
      now,
    );
    if (r.decision.action === "block" && r.decision.gate === 5) {
      refuseGate5(r.decision, {
        contact_id: input.contactId,
        campaign: campaign.slug,
        transition: "none->active",
      });
    }
    return r;
  });
}

/** Gates the current step of an enrollment now (agents, revops, admin); the engine does this on its own. */
export async function gateStepAs(
  db: Kysely<DB>,
  actor: Principal,
  enrollmentId: string,
  now: Date,
): Promise<Decision> {
  if (!(actor.kind === "agent" || hasRole(actor, "revops", "admin"))) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(actor),
      action: "gate a step",
      required: "an agent token or the revops or admin role",
    });
  }
  if (!isUuid(enrollmentId)) throw new BatonError("NOT_FOUND", { entity: "enrollment", id: enrollmentId });
  return db.transaction().execute(async (tx) => {
    await setActor(tx, actor, now);
    const status = await tx
      .selectFrom("campaign_contacts")
      .select(["status", "contact_id"])
      .where("client_id", "=", actor.clientId)
      .where("id", "=", enrollmentId)
      .executeTakeFirst();
    // issue 61 item 2: an agent bound to a team or territory gates the steps of its book only
    if (status) await requireInBook(tx, actor, status.contact_id, "enrollment", enrollmentId);
    // the transaction ends with the decision: an allow or hold write carries the COMMIT
    const d = await gateStep(tx, { clientId: actor.clientId, enrollmentId }, now, { endsTransaction: true });
    if (d.action === "block" && d.gate === 5) {
      refuseGate5(d, {
        enrollment_id: enrollmentId,
        status: status?.status,
        transition: `${status?.status}->step`,
      });
    }
    return d;
  });
}
