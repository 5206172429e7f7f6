// spec 002 exit_contact: "Sets campaign_contacts.status, follows on_exit map to enroll in next
// campaign" - plus the CRM deal close (won or lost) and the exec hand-off gate of the pipeline.
// Runs inside the caller's transaction (the engine calls it after the last step).
import { type Kysely, sql } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError, isBatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import { type EnrollOutcome, enrollWithin } from "./enroll-contact.ts";
import { requireEnrollmentIdInBook } from "./enrollment-in-book.ts";
import {
  dealOutcomeForExit,
  type ExitReason,
  isExitReason,
  isGateTarget,
  LIVE_STATUSES,
  type OnExitMap,
  type OnExitTarget,
  positiveExitReason,
  statusForExit,
} from "./exit-reasons.ts";
import { type CampaignEvent, type EnrollmentFacts, logCampaignEvent } from "./log-event.ts";
import { openHandoffs } from "./open-handoffs.ts";
import { crmWrites } from "./ports.ts";
import { findCampaign } from "./read-campaigns.ts";
import { POSITIVE_EXITS, refuseAgentOnReplyHold } from "./triage/triage-decisions.ts";

export interface ExitRequest {
  clientId: string;
  enrollmentId: string;
  reason: ExitReason | string;
  /** Who ended it; null or absent = Baton itself (engine, reply processing). */
  actor?: Principal | null;
  notes?: string | null;
  /**
   * Where the exit goes instead of the campaign's on_exit target for the reason (issue 56: a
   * triage hand-off goes to the exec's gate; a referral's replier exits with no follow-on).
   */
  target?: OnExitTarget;
}

export type ExitNext =
  | { kind: "none" }
  | { kind: "enrolled"; campaign: string; enrollment_id: string | null; outcome: EnrollOutcome }
  | { kind: "handoff"; handoff_id: string; gate: "exec" }
  | {
      kind: "skipped";
      campaign: string;
      why: "campaign_missing" | "campaign_not_active" | "already_enrolled";
    };

export interface ExitResult {
  enrollment_id: string;
  /** true: the enrollment had already ended; nothing was changed. */
  already_ended: boolean;
  status: string;
  reason: string | null;
  next: ExitNext;
}

export async function exitContact(tx: Kysely<DB>, req: ExitRequest, now: Date): Promise<ExitResult> {
  const reason = req.reason;
  if (!isExitReason(reason)) throw new BatonError("EXIT_REASON_UNKNOWN", { reason });
  const e = await tx
    .selectFrom("campaign_contacts")
    .selectAll()
    .where("client_id", "=", req.clientId)
    .where("id", "=", req.enrollmentId)
    .forUpdate()
    .executeTakeFirst();
  if (!e) throw new BatonError("ENROLLMENT_NOT_FOUND", { enrollment_id: req.enrollmentId });
  if (!(LIVE_STATUSES as readonly string[]).includes(e.status)) {
    return {
      enrollment_id: e.id,
      already_ended: true,
      status: e.status,
      reason: e.exit_reason,
      next: { kind: "none" },
    };
  }
  const campaign = await tx
    .selectFrom("campaigns")
    .selectAll()
    .where("client_id", "=", req.clientId)
    .where("id", "=", e.campaign_id)
    .executeTakeFirstOrThrow();
  const status = statusForExit(reason);
  await tx
    .updateTable("campaign_contacts")
    .set(endedEnrollment(reason, now))
    .where("client_id", "=", req.clientId)
    .where("id", "=", e.id)
    .execute();
  // Nothing more goes out for an ended enrollment: unsent items and their pending drafts are cancelled.
  const cancelled = await tx
    .updateTable("sales_send_queue")
    .set(cancelledItem(reason, now))
    .where("client_id", "=", req.clientId)
    .where("enrollment_id", "=", e.id)
    .where("status", "in", UNSENT_ITEM_STATUSES)
    .returning(["id", "staged_draft_id"])
    .execute();
  await cancelPendingDrafts(tx, req.clientId, cancelled);
  await tx
    .updateTable("contacts")
    .set(releasedContact(now))
    .where("client_id", "=", req.clientId)
    .where("contact_id", "=", e.contact_id)
    .where("active_sequence_id", "=", e.id)
    .execute();
  const target = req.target !== undefined ? req.target : onExitTarget(campaign, reason);
  await logCampaignEvent(
    tx,
    exitEvent(
      { enrollment: e, campaign, reason, target, actor: req.actor, notes: req.notes },
      cancelled.length,
    ),
    now,
  );
  await closeDeal(tx, campaign, e.id, reason, now);
  const next = await followOnExit(tx, { enrollment: e, campaignSlug: campaign.slug, reason, target }, now);
  return { enrollment_id: e.id, already_ended: false, status, reason, next };
}

// The pieces of an exit that exitContactsBatch shares (exit-contacts-batch.ts).

/** Send item statuses that have not gone out: an exit cancels them. */
export const UNSENT_ITEM_STATUSES = ["pending", "drafted", "approved"] as const;

export function endedEnrollment(reason: ExitReason, now: Date) {
  return {
    status: statusForExit(reason),
    exit_reason: reason,
    exited_at: now,
    next_send_at: null,
    paused_until: null,
    claimed_by: null,
    claimed_until: null,
    updated_at: now,
  };
}

export function cancelledItem(reason: ExitReason, now: Date) {
  return { status: "cancelled" as const, error: `enrollment exited: ${reason}`, updated_at: now };
}

export function releasedContact(now: Date) {
  return { active_sequence_id: null, current_step: null, updated_at: now };
}

/** Cancels the still pending drafts of cancelled send items. */
export async function cancelPendingDrafts(
  tx: Kysely<DB>,
  clientId: string,
  items: { staged_draft_id: string | null }[],
): Promise<void> {
  const draftIds = items.map((c) => c.staged_draft_id).filter((d): d is string => d !== null);
  if (draftIds.length === 0) return;
  await tx
    .updateTable("staged_drafts")
    .set({ status: "cancelled" })
    .where("client_id", "=", clientId)
    .where("id", "in", draftIds)
    .where("status", "=", "pending")
    .execute();
}

type CampaignFacts = { client_id: string; slug: string; kind: string; on_exit: unknown };

/** The campaign's on_exit target for this reason; null when it names none. */
export function onExitTarget(campaign: CampaignFacts, reason: ExitReason): unknown {
  const onExit = (campaign.on_exit ?? {}) as OnExitMap;
  // a booked meeting (issue 41) follows the chain's meeting, else converted, target unless named itself
  const key =
    reason === "meeting_booked" && !Object.hasOwn(onExit, reason)
      ? positiveExitReason("meeting", onExit)
      : reason;
  return Object.hasOwn(onExit, key) ? (onExit[key] ?? null) : null;
}

export function exitEvent(
  a: {
    enrollment: Enrollment;
    campaign: CampaignFacts;
    reason: ExitReason;
    target: unknown;
    actor?: Principal | null;
    notes?: string | null;
  },
  itemsCancelled: number,
): CampaignEvent {
  return {
    type: "exit",
    clientId: a.enrollment.client_id,
    contactId: a.enrollment.contact_id,
    enrollment: a.enrollment,
    actorPrincipalId: a.actor?.principalId ?? null,
    resolution: a.reason,
    details: {
      reason: a.reason,
      status: statusForExit(a.reason),
      campaign: a.campaign.slug,
      on_exit: a.target,
      notes: a.notes ?? null,
      items_cancelled: itemsCancelled,
    },
  };
}

/** spec 002: "Close deal on exit_contact (won or lost)" - deals exist for sales campaigns only. */
export async function closeDeal(
  tx: Kysely<DB>,
  campaign: CampaignFacts,
  enrollmentId: string,
  reason: ExitReason,
  now: Date,
): Promise<void> {
  await closeDeals(tx, campaign.client_id, [{ campaign, enrollmentId }], reason, now);
}

/** closeDeal for a list of one tenant's exits, in order: their outbox rows in one write. */
export async function closeDeals(
  tx: Kysely<DB>,
  clientId: string,
  exits: readonly { campaign: CampaignFacts; enrollmentId: string }[],
  reason: ExitReason,
  now: Date,
): Promise<void> {
  const outcome = dealOutcomeForExit(reason);
  await crmWrites(
    tx,
    clientId,
    exits
      .filter((x) => x.campaign.kind === "sales")
      .map((x) => ({ op: "close_deal" as const, enrollmentId: x.enrollmentId, outcome })),
    now,
  );
}

export type Enrollment = EnrollmentFacts & { goal: string | null; notes: string | null };

/** The reply that opened an exit's hand-off (issue 72: the exec's card quotes that reply). */
export async function markHandoffReply(
  tx: Kysely<DB>,
  clientId: string,
  exit: ExitResult | null,
  replyId: string,
): Promise<void> {
  await markHandoffReplies(tx, clientId, [{ exit, replyId }]);
}

/** markHandoffReply for many exits (a bulk triage decision's): one statement for all their hand-offs. */
export async function markHandoffReplies(
  tx: Kysely<DB>,
  clientId: string,
  exits: readonly { exit: ExitResult | null; replyId: string }[],
): Promise<void> {
  const replyOf: Record<string, string> = {};
  for (const x of exits) if (x.exit?.next.kind === "handoff") replyOf[x.exit.next.handoff_id] = x.replyId;
  if (Object.keys(replyOf).length === 0) return;
  await tx
    .updateTable("campaign_handoffs")
    .set({ reply_id: sql<string>`(${JSON.stringify(replyOf)}::jsonb ->> ${sql.ref("id")}::text)::uuid` })
    .where("client_id", "=", clientId)
    .where("id", "in", Object.keys(replyOf))
    .where("reply_id", "is", null)
    .execute();
}

export async function followOnExit(
  tx: Kysely<DB>,
  a: { enrollment: Enrollment; campaignSlug: string; reason: ExitReason; target: unknown },
  now: Date,
): Promise<ExitNext> {
  const e = a.enrollment;
  const base = { clientId: e.client_id, contactId: e.contact_id, enrollment: e };
  if (a.target === null || a.target === undefined) return { kind: "none" };
  if (isGateTarget(a.target)) {
    const [opened] = await openHandoffs(
      tx,
      [{ enrollment: e, campaignSlug: a.campaignSlug, reason: a.reason, gate: a.target.gate }],
      now,
    );
    return opened;
  }
  const slug = String(a.target);
  const next = await findCampaign(tx, e.client_id, slug);
  const skip = async (
    why: "campaign_missing" | "campaign_not_active" | "already_enrolled",
  ): Promise<ExitNext> => {
    await logCampaignEvent(
      tx,
      {
        ...base,
        type: "on_exit_skipped",
        resolution: why,
        details: { from: a.campaignSlug, to: slug, reason: a.reason, why },
      },
      now,
    );
    return { kind: "skipped", campaign: slug, why };
  };
  if (!next) return skip("campaign_missing");
  if (next.status !== "active") return skip("campaign_not_active");
  try {
    // spec 002: "Justin only gates the first handoff" - after it, on_exit routes automatically.
    const r = await enrollWithin(
      tx,
      {
        clientId: e.client_id,
        campaign: next,
        contactId: e.contact_id,
        requestedBy: null,
        goal: e.goal,
        notes: e.notes,
      },
      now,
    );
    await logCampaignEvent(
      tx,
      {
        ...base,
        type: "on_exit_routed",
        resolution: r.outcome,
        details: {
          from: a.campaignSlug,
          to: slug,
          reason: a.reason,
          enrollment_id: r.enrollment_id,
          outcome: r.outcome,
        },
      },
      now,
    );
    return { kind: "enrolled", campaign: slug, enrollment_id: r.enrollment_id, outcome: r.outcome };
  } catch (err) {
    if (isBatonError(err) && err.code === "ENROLLMENT_ALREADY_ACTIVE") return skip("already_enrolled");
    throw err;
  }
}

/** Who may end an enrollment by hand: agents (roles.sales, roles.bdr), the exec, RevOps, admins, reps. */
export const EXITER_ROLES = ["exec", "revops", "admin", "rep"] as const;

/**
 * exit_contact over the API: in a transaction of its own; an ended enrollment is ENROLLMENT_NOT_LIVE,
 * one outside the actor's book ENROLLMENT_NOT_FOUND.
 */
export async function exitEnrollment(
  db: Kysely<DB>,
  actor: Principal,
  input: { enrollmentId: string; reason: string; notes?: string | null },
  now: Date,
): Promise<ExitResult> {
  if (actor.kind !== "agent" && !hasRole(actor, ...EXITER_ROLES)) {
    throw new BatonError("FORBIDDEN_ROLE", {
      principal: describePrincipal(actor),
      action: "exit enrollments",
      required: `an agent token or the ${EXITER_ROLES.join(" or ")} role`,
    });
  }
  try {
    const req: ExitRequest = { clientId: actor.clientId, ...input, actor };
    const r = await db.transaction().execute(async (tx) => {
      // issue 61 item 2: only an enrollment of the actor's book (the database refuses a person's
      // exit event outside it again)
      await requireEnrollmentIdInBook(tx, actor, input.enrollmentId);
      if (actor.kind === "agent") await refuseHeldPositiveExit(tx, actor, input.enrollmentId, input.reason);
      return exitContact(tx, req, now);
    });
    if (r.already_ended)
      throw new BatonError("ENROLLMENT_NOT_LIVE", { enrollment_id: r.enrollment_id, status: r.status });
    return r;
  } catch (e) {
    rethrowDb(e);
  }
}

/** An agent's positive exit of an enrollment a reply holds for a person is refused (issue 73 item 3). */
async function refuseHeldPositiveExit(
  tx: Kysely<DB>,
  actor: Principal,
  enrollmentId: string,
  reason: string,
) {
  if (!(POSITIVE_EXITS as readonly string[]).includes(reason) || !isUuid(enrollmentId)) return;
  const e = await tx
    .selectFrom("campaign_contacts")
    .select(["id", "status", "hold_reason"])
    .where("client_id", "=", actor.clientId)
    .where("id", "=", enrollmentId)
    .forUpdate()
    .executeTakeFirst();
  if (e) refuseAgentOnReplyHold(actor, e, { exit: reason });
}
