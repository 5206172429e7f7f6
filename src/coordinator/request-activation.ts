// spec 001: every sequence activation request runs gates 1-5 (contract.ts RequestActivation).
// Locks the contact, builds the snapshot, decides, applies, writes one event row.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { applyEffects } from "./apply-effects.ts";
import type { RequestActivation } from "./contract.ts";
import { loadCapConfig } from "./coordinator-config.ts";
import { writeDecisionEvent } from "./event-log/write-decision-event.ts";
import { decide } from "./gates/decide.ts";
import { touchesInWindow } from "./gates/touch-cap-gate.ts";
import { transitionGate } from "./gates/transition-gate.ts";
import type { DecisionCore, GateSnapshot } from "./gates/types.ts";
import { loadProspectFact } from "./snapshot/load-prospect-facts.ts";
import { loadLiveEnrollments, loadTouches, lockContact } from "./snapshot/lock-contact.ts";

const DAY_MS = 24 * 3600_000;

/** The campaign with its lineage (campaign.play_id → plays.originating_proposal_id) and first step. */
export async function loadCampaign(tx: Kysely<DB>, clientId: string, campaignId: string) {
  const c = await tx
    .selectFrom("campaigns as c")
    .leftJoin("plays as p", (j) =>
      j.onRef("p.client_id", "=", "c.client_id").onRef("p.play_id", "=", "c.play_id"),
    )
    .select(["c.id", "c.slug", "c.kind", "c.status", "c.play_id", "p.originating_proposal_id"])
    .select((eb) => [
      eb
        .selectFrom("campaign_sequences as s")
        .whereRef("s.campaign_id", "=", "c.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("step_count"),
      eb
        .selectFrom("campaign_sequences as s")
        .whereRef("s.campaign_id", "=", "c.id")
        .where("s.step_number", "=", 1)
        .select("s.delay_days")
        .as("first_delay_days"),
    ])
    .where("c.client_id", "=", clientId)
    .where("c.id", "=", campaignId)
    .executeTakeFirst();
  if (!c) throw new BatonError("NOT_FOUND", { entity: "campaign", id: campaignId });
  return { ...c, step_count: Number(c.step_count ?? 0) };
}

function decideDuplicate(s: GateSnapshot, now: Date): DecisionCore {
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

export const requestActivation: RequestActivation = async (tx, req, now) => {
  const campaign = await loadCampaign(tx, req.clientId, req.campaignId);
  const contact = await lockContact(tx, req.clientId, req.contactId);
  let existing: { id: string; status: import("../db/core-tables.ts").EnrollmentStatus } | null = null;
  if (req.existingEnrollmentId) {
    existing =
      (await tx
        .selectFrom("campaign_contacts")
        .select(["id", "status"])
        .where("client_id", "=", req.clientId)
        .where("id", "=", req.existingEnrollmentId)
        .where("contact_id", "=", req.contactId)
        .where("campaign_id", "=", req.campaignId)
        .forUpdate()
        .executeTakeFirst()) ?? null;
    if (!existing) throw new BatonError("NOT_FOUND", { entity: "enrollment", id: req.existingEnrollmentId });
  }
  const [touches, live, config] = [
    await loadTouches(tx, req.clientId, req.contactId, now),
    await loadLiveEnrollments(tx, req.clientId, req.contactId),
    await loadCapConfig(tx, req.clientId),
  ];
  const others = live.filter((e) => e.id !== existing?.id);
  const prospect = await loadProspectFact(tx, req.clientId, req.contactId, campaign.id);
  const snapshot: GateSnapshot = {
    sequenceType: campaign.kind,
    contact,
    account: contact.account,
    touches,
    config,
    concurrent: others.map((e) => ({ enrollmentId: e.id, sequenceType: e.sequenceType, status: e.status })),
    transition: {
      kind: "activation",
      existingStatus: existing?.status ?? null,
      campaignStatus: campaign.status,
      stepCount: campaign.step_count,
      alreadyEnrolled: others.some((e) => e.campaignId === campaign.id),
    },
    prospect,
  };
  // A duplicate request (a live enrollment in this campaign already exists) is refused up front by
  // gate 5: there is nothing new to gate, and a hold or queue must never create a second enrollment.
  const d =
    snapshot.transition.kind === "activation" && !existing && snapshot.transition.alreadyEnrolled
      ? decideDuplicate(snapshot, now)
      : decide(snapshot, now);
  const originatingAgentId = req.originatingAgentId ?? req.requestedBy?.agentId ?? null;

  let enrollmentId: string | null = existing?.id ?? null;
  if (d.action === "allow" || d.action === "hold" || d.action === "queue") {
    const status = d.action === "allow" ? "active" : "queued";
    const nextSendAt =
      d.action === "allow" ? new Date(now.getTime() + (campaign.first_delay_days ?? 0) * DAY_MS) : d.until;
    if (existing) {
      await tx
        .updateTable("campaign_contacts")
        .set({ status, next_send_at: nextSendAt, updated_at: now })
        .where("id", "=", existing.id)
        .execute();
    } else {
      const row = await tx
        .insertInto("campaign_contacts")
        .values({
          client_id: req.clientId,
          contact_id: req.contactId,
          campaign_id: campaign.id,
          status,
          current_step: 1,
          next_send_at: nextSendAt,
          enrolled_at: now,
          goal: req.goal ?? null,
          notes: req.notes ?? null,
          sequence_type: campaign.kind,
          originating_agent_id: originatingAgentId,
          requested_by_principal_id: req.requestedBy?.principalId ?? null,
          play_id: campaign.play_id,
          originating_proposal_id: campaign.originating_proposal_id,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      enrollmentId = row.id;
    }
    if (d.action === "allow") {
      await tx
        .updateTable("contacts")
        .set({ active_sequence_id: enrollmentId, current_step: 1, updated_at: now })
        .where("client_id", "=", req.clientId)
        .where("contact_id", "=", req.contactId)
        .execute();
    }
  } else if (existing && existing.status === "queued") {
    // block of a queued enrollment: it ends here (contract: status 'cancelled'; opted_out at gate 1)
    await tx
      .updateTable("campaign_contacts")
      .set({
        status: d.gate === 1 ? "opted_out" : "cancelled",
        exited_at: now,
        exit_reason: String(d.reason),
        next_send_at: null,
        updated_at: now,
      })
      .where("id", "=", existing.id)
      .execute();
  }

  const eventId = await writeDecisionEvent(
    tx,
    "activation",
    d,
    {
      clientId: req.clientId,
      contactId: req.contactId,
      accountId: contact.accountId,
      enrollmentId,
      campaignId: campaign.id,
      stepNumber: 1,
      sequenceType: campaign.kind,
      originatingAgentId,
      actorPrincipalId: req.requestedBy?.principalId ?? null,
      playId: campaign.play_id,
      originatingProposalId: campaign.originating_proposal_id,
    },
    now,
  );
  await applyEffects(
    tx,
    d.effects,
    {
      clientId: req.clientId,
      contactId: req.contactId,
      enrollmentId,
      campaignId: campaign.id,
      eventId,
      sequenceType: campaign.kind,
    },
    originatingAgentId,
    now,
  );
  const { trace: _t, effects: _e, resolution: _r, ...rest } = d;
  return { decision: { ...rest, eventId }, enrollmentId };
};
