// spec 002 process_reply: "Classifies intent, updates Attio activity, continues sequence or
// triggers exit". interested / meeting → exit (converted, or the campaign's meeting exit);
// not interested → rejected; unsubscribe → opt-out everywhere (the coordinator); out of office →
// pause until the return date (or 7 days); anything else → continue. Every reply is kept and logged.
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import type { CrmWrite } from "../crm/crm-adapter.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import type { Classification, ReplyClassifier } from "../replies/classifier.ts";
import { type ExitResult, exitContact } from "./exit-contact.ts";
import { assertNever, type OnExitMap, positiveExitReason } from "./exit-reasons.ts";
import { type CampaignEvent, type EnrollmentFacts, logCampaignEvent } from "./log-event.ts";
import { campaignPorts, crmWrite } from "./ports.ts";
import {
  answeredEnrollments,
  lockLiveEnrollments,
  type ReplyAction,
  type ReplyInput,
  type ReplyResult,
  resolveContact,
  storedResult,
} from "./reply-lookups.ts";

const DAY_MS = 86_400_000;
export const OUT_OF_OFFICE_DEFAULT_DAYS = 7;

export type { ReplyAction, ReplyInput, ReplyResult };

export const REPLY_SUBMITTER_ROLES = ["rep", "exec", "revops", "admin"] as const;

/** Who submits (and classifies) inbound replies: agents, mail integrations and these roles. */
export function requireReplySubmitter(actor: Principal, action: string): void {
  if (actor.kind === "agent" || hasRole(actor, ...REPLY_SUBMITTER_ROLES)) return;
  throw new BatonError("FORBIDDEN_ROLE", {
    principal: describePrincipal(actor),
    action,
    required: `an agent or mail integration token, or the ${REPLY_SUBMITTER_ROLES.join(" or ")} role`,
  });
}

/** What reporting a reply of this intent does to a live enrollment (see processReply). */
export function replyEffect(intent: Classification["intent"]): string {
  switch (intent) {
    case "interested":
    case "meeting":
      return "exits the enrollment (converted, or the campaign's meeting exit) and follows on_exit";
    case "not_interested":
      return "exits the enrollment as rejected";
    case "unsubscribe":
      return "opts the contact out: every live sequence ends and unsent steps are cancelled";
    case "out_of_office":
      return `pauses every active enrollment of the contact until the return date (or ${OUT_OF_OFFICE_DEFAULT_DAYS} days)`;
    case "later":
    case "referral":
    case "other":
      return "logs the reply; the sequence continues";
    default:
      return assertNever(intent);
  }
}

/** A reply ready for its transaction: whose it is and what it says (opt-out already propagated). */
export interface PreparedReply {
  input: ReplyInput;
  contactId: string;
  c: Classification;
}

/**
 * The part of process_reply before its transaction: the contact (`contactId` when the caller has
 * already resolved it), a duplicate's stored result, the classification, and an unsubscribe's
 * opt-out, which commits on its own first (spec 001: it must commit before any send).
 */
export async function prepareReply(
  db: Kysely<DB>,
  actor: Principal,
  input: ReplyInput,
  now: Date,
  classifier?: ReplyClassifier,
  contactId?: string,
): Promise<PreparedReply | ReplyResult> {
  const clientId = actor.clientId;
  const contact = contactId ?? (await resolveContact(db, clientId, input));
  if (input.messageId) {
    const dup = await storedResult(db, clientId, input.messageId);
    if (dup) return dup;
  }
  const ports = await campaignPorts();
  const c: Classification = await (classifier ?? ports.classifier).classify(input.text, input.receivedAt);
  if (c.intent === "unsubscribe") {
    await ports.optOut(
      db,
      actor,
      { clientId, contactId: contact, flag: "unsubscribe", source: "reply" },
      now,
    );
  }
  return { input, contactId: contact, c };
}

export async function processReply(
  db: Kysely<DB>,
  actor: Principal,
  input: ReplyInput,
  now: Date,
  classifier?: ReplyClassifier,
): Promise<ReplyResult> {
  requireReplySubmitter(actor, "submit inbound replies");
  const p = await prepareReply(db, actor, input, now, classifier);
  if (!("c" in p)) return p;
  try {
    return await db.transaction().execute((tx) => applyReply(tx, actor, p, now));
  } catch (e) {
    rethrowDb(e);
  }
}

/** What an exit reply's reason is: rejected, or the campaign's positive exit (its on_exit map). */
export function replyExitReason(intent: "interested" | "meeting" | "not_interested", onExit: unknown) {
  return intent === "not_interested" ? "rejected" : positiveExitReason(intent, (onExit ?? {}) as OnExitMap);
}

/** When an out-of-office reply pauses until (its return date, or 7 days after it came). */
export function pauseUntil(p: PreparedReply): Date {
  return p.c.returnDate ?? new Date(p.input.receivedAt.getTime() + OUT_OF_OFFICE_DEFAULT_DAYS * DAY_MS);
}

/** An out-of-office reply's pause of one enrollment: its event. */
export function pausedEvent(
  p: PreparedReply,
  clientId: string,
  e: EnrollmentFacts,
  until: Date,
): CampaignEvent {
  return {
    type: "paused",
    clientId,
    contactId: p.contactId,
    enrollment: e,
    resolution: "out_of_office",
    details: { paused_until: until.toISOString() },
  };
}

/** The reply's own row, its event, its CRM activity and its result, once its action is known. */
export interface ReplyOutcome {
  target: EnrollmentFacts | null;
  action: ReplyAction;
  exit: ExitResult | null;
  pausedUntil: Date | null;
}

export function replyRow(actor: Principal, p: PreparedReply, o: ReplyOutcome) {
  return {
    client_id: actor.clientId,
    contact_id: p.contactId,
    enrollment_id: o.target?.id ?? null,
    channel: p.input.channel ?? "email",
    message_id: p.input.messageId ?? null,
    received_at: p.input.receivedAt,
    body: p.input.text,
    intent: p.c.intent,
    confidence: p.c.confidence,
    classified_by: p.c.by,
    return_date: p.c.returnDate,
    action: o.action,
    exit_reason: o.exit?.reason ?? null,
    submitted_by_principal_id: actor.principalId,
  };
}

export function replyEvent(
  actor: Principal,
  p: PreparedReply,
  o: ReplyOutcome,
  replyId: string,
): CampaignEvent {
  const { c } = p;
  return {
    type: "reply",
    clientId: actor.clientId,
    contactId: p.contactId,
    enrollment: o.target,
    actorPrincipalId: actor.principalId,
    resolution: o.action,
    details: {
      reply_id: replyId,
      intent: c.intent,
      confidence: c.confidence,
      by: c.by,
      action: o.action,
      exit_reason: o.exit?.reason ?? null,
      received_at: p.input.receivedAt.toISOString(),
    },
  };
}

/** spec 002 Attio: "updates Attio activity" */
export function replyCrmWrite(p: PreparedReply, o: ReplyOutcome): CrmWrite {
  return {
    op: "log_activity",
    contactId: p.contactId,
    channel: p.input.channel ?? "email",
    contentType: "reply",
    occurredAt: p.input.receivedAt.toISOString(),
    note: `Inbound reply classified ${p.c.intent} (${p.c.by}); ${o.action}${o.exit?.reason ? ` (${o.exit.reason})` : ""}`,
  };
}

export function replyResult(p: PreparedReply, o: ReplyOutcome, replyId: string): ReplyResult {
  const { c } = p;
  return {
    reply_id: replyId,
    duplicate: false,
    contact_id: p.contactId,
    intent: c.intent,
    confidence: c.confidence,
    classified_by: c.by,
    action: o.action,
    enrollment_id: o.target?.id ?? null,
    exit_reason: o.exit?.reason ?? null,
    return_date: c.returnDate ? c.returnDate.toISOString() : null,
    paused_until: o.pausedUntil ? o.pausedUntil.toISOString() : null,
    exit: o.exit,
  };
}

/** process_reply's transaction: the contact locked, the enrollment it answers, what its intent does. */
export async function applyReply(
  tx: Kysely<DB>,
  actor: Principal,
  p: PreparedReply,
  now: Date,
): Promise<ReplyResult> {
  const clientId = actor.clientId;
  const { contactId, c } = p;
  const lives = await lockLiveEnrollments(tx, clientId, [contactId]);
  const [target] = await answeredEnrollments(
    tx,
    clientId,
    [{ contactId, enrollmentId: p.input.enrollmentId }],
    lives,
  );
  const live = lives.get(contactId) ?? [];
  const o: ReplyOutcome = {
    target,
    action: target ? "continued" : "no_enrollment",
    exit: null,
    pausedUntil: null,
  };
  switch (c.intent) {
    case "interested":
    case "meeting":
    case "not_interested": {
      if (!target) break;
      const campaign = await tx
        .selectFrom("campaigns")
        .select("on_exit")
        .where("client_id", "=", clientId)
        .where("id", "=", target.campaign_id)
        .executeTakeFirstOrThrow();
      o.exit = await exitContact(
        tx,
        {
          clientId,
          enrollmentId: target.id,
          reason: replyExitReason(c.intent, campaign.on_exit),
          actor,
          notes: REPLY_EXIT_NOTES,
        },
        now,
      );
      o.action = "exited";
      break;
    }
    case "unsubscribe":
      o.action = "opted_out";
      break;
    case "out_of_office": {
      const until = pauseUntil(p);
      const active = live.filter((e) => e.status === "active");
      if (until.getTime() <= now.getTime() || active.length === 0) break;
      // the person is away from every campaign, not only the one that got the reply
      o.pausedUntil = until;
      for (const e of active) {
        await tx
          .updateTable("campaign_contacts")
          .set(pausedEnrollment(until, now))
          .where("client_id", "=", clientId)
          .where("id", "=", e.id)
          .execute();
        await logCampaignEvent(tx, pausedEvent(p, clientId, e, until), now);
      }
      o.action = "paused";
      break;
    }
    case "later":
    case "referral":
    case "other":
      break;
    default:
      assertNever(c.intent);
  }
  const row = await tx
    .insertInto("campaign_replies")
    .values(replyRow(actor, p, o))
    .returning("id")
    .executeTakeFirstOrThrow();
  await logCampaignEvent(tx, replyEvent(actor, p, o, row.id), now);
  await crmWrite(tx, clientId, replyCrmWrite(p, o), now);
  return replyResult(p, o, row.id);
}

/** The notes an exit by reply carries. */
export const REPLY_EXIT_NOTES = "inbound reply";

/** An enrollment paused by an out-of-office reply. */
export function pausedEnrollment(until: Date, now: Date) {
  return { status: "paused" as const, paused_until: until, updated_at: now };
}
