// What process_reply writes for one reply once its action is known (process-reply.ts, and
// processReplies' batch): the reply's own row, its event, its CRM activity and the answer the caller
// gets, from the prepared reply (its reading, its contact) and its outcome.
import type { Principal } from "../auth/principal.ts";
import type { CrmWrite } from "../crm/crm-adapter.ts";
import type { Classification, ClassState } from "../replies/index.ts";
import { decidesAlone, detectLanguage } from "../replies/index.ts";
import type { ExitResult } from "./exit-contact.ts";
import type { CampaignEvent, EnrollmentFacts } from "./log-event.ts";
import type { ReplyAction, ReplyInput, ReplyResult } from "./reply-lookups.ts";
import type { PolicyEffect } from "./triage/apply-reply-policy.ts";
import type { HeldEnrollment } from "./triage/hold-on-reply.ts";

/** A reply ready for its transaction: whose it is and what it says (opt-out already propagated). */
export interface PreparedReply {
  input: ReplyInput;
  contactId: string;
  c: Classification;
  /** the automation class its reading falls in (issue 72 item 1), when it is sure: null, closed */
  cls: { state: ClassState; min_confidence: number } | null;
  /** an open class's reply that still goes to a person (its spot check: automation-classes.ts) */
  spotCheck: boolean;
}

/** The reply's own row, its event, its CRM activity and its result, once its action is known. */
export interface ReplyOutcome {
  target: EnrollmentFacts | null;
  action: ReplyAction;
  exit: ExitResult | null;
  pausedUntil: Date | null;
  /** auto: Baton acted alone (or nothing to decide); pending: the triage queue */
  triage: "auto" | "pending";
  held: HeldEnrollment[];
  policy: PolicyEffect[];
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
    model_version: p.c.modelVersion ?? null,
    return_date: p.c.returnDate,
    action: o.action,
    exit_reason: o.exit?.reason ?? null,
    submitted_by_principal_id: actor.principalId,
    triage: o.triage,
    stop_signal: p.c.stopSignal === true,
    referral: p.c.referral ? JSON.stringify(p.c.referral) : null,
    language: languageOf(p.c, p.input.text),
    sure: decidesAlone(p.c),
    held: JSON.stringify(o.held),
    policy_effects: JSON.stringify(o.policy),
  };
}

/**
 * The reply's language (issue 56: the triage agreement rate is per intent and language): the
 * classifier's when it names one (a reading may carry `language`), else the one its own words show
 * (detectLanguage: en de fr es nl it pt, null when unsure).
 */
export function languageOf(c: Classification, text: string): string | null {
  const l = (c as { language?: unknown }).language;
  return typeof l === "string" && l.length > 0 && l.length <= 16 ? l : detectLanguage(text);
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
      triage: o.triage,
      stop_signal: c.stopSignal === true,
      held: o.held.map((h) => h.enrollment_id),
      policy_effects: o.policy.length,
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
    triage: o.triage,
    held_enrollment_ids: o.held.map((h) => h.enrollment_id),
    policy_effects: o.policy,
  };
}
