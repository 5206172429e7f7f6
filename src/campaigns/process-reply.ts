// spec 002 process_reply: "Classifies intent, updates Attio activity, continues sequence or
// triggers exit", governed as issue 56 asks (docs/campaigns.md "What a reply does"): a person's
// reply stops automatic touches to the contact in the campaign it answers, in the transaction that
// records it, under the contact's lock. What happens next is decided by Baton alone only when the
// reading is sure (src/replies/automation.ts decidesAlone) and the team opened its class, the
// tenant's intent and language, by agreeing with such readings often enough (issue 72 item 1,
// triage/automation-classes.ts; a sure stop request needs no class, and a positive exit that would
// enroll the person in the next campaign on its own always waits for a person: campaignAllowsAlone):
//   interested / meeting → exit (converted, or the campaign's meeting exit) and on_exit;
//   not interested → rejected; unsubscribe → opt-out everywhere (the coordinator);
//   out of office → pause every active enrollment until the return date (or 7 days);
//   later with a date → pause the answered enrollment until that date.
// Otherwise the reply waits in the triage queue (src/campaigns/triage/) and the answered enrollment
// is held (paused, no end date, hold reason reply_pending_triage); a reply with any sign of a stop
// request holds every live enrollment of the contact. A person's reply then applies the campaign's
// reply policy to the contact's other campaigns and to colleagues (triage/reply-policy.ts).
// Automatic mail (an RFC 3834 auto-reply: input.automatic) pauses until its return date as before.
// Every reply is kept and logged.
// Books (issue 61 item 2): a person (or a bound agent) submits replies of their book's prospects
// only; another's is answered as an unknown contact, and nothing is written but a sure stop
// request's opt-out, which whoever hears it records (spec 001; docs/books.md "Queues").
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import { contactsInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import type { Classification, ReplyClassifier } from "../replies/index.ts";
import { decidesAlone, decidesAloneIn, isEarnedIntent } from "../replies/index.ts";
import { exitContact, markHandoffReply } from "./exit-contact.ts";
import { assertNever, type OnExitMap, positiveExitReason } from "./exit-reasons.ts";
import { holdForTriage } from "./hold-for-triage.ts";
import { type EnrollmentFacts, logCampaignEvent } from "./log-event.ts";
import { campaignPorts, crmWrite } from "./ports.ts";
import {
  answeredEnrollments,
  type LiveEnrollment as LiveRow,
  lockLiveEnrollments,
  type ReplyAction,
  type ReplyInput,
  type ReplyResult,
  resolveContact,
  storedResult,
} from "./reply-lookups.ts";
import { actOnNotices, endLeftCompany, leftCompanyNotice } from "./reply-notices.ts";
import {
  applyPolicyOf,
  type CampaignReplyFacts,
  campaignReplyFacts,
  storePolicyEffects,
} from "./reply-policy-effects.ts";
import {
  languageOf,
  type PreparedReply,
  type ReplyOutcome,
  replyCrmWrite,
  replyEvent,
  replyResult,
  replyRow,
} from "./reply-records.ts";
import { automationClassesFor, type ClassReading } from "./triage/automation-class-for-reply.ts";
import { tenantClassifier } from "./triage/reply-models.ts";
import { type PauseEvent, type PauseWrite, writePauses } from "./write-enrollment-pause.ts";

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

/**
 * What reporting a reply of this intent does to a live enrollment (see applyReply), when the
 * reading is sure enough for Baton to act alone; below the intent's threshold every intent waits
 * for a person.
 */
export function replyEffect(intent: Classification["intent"]): string {
  const held = "holds the enrollment it answers and waits for a person in the triage queue";
  switch (intent) {
    case "interested":
    case "meeting":
      return `when sure: exits the enrollment (converted, or the campaign's meeting exit) and follows on_exit; otherwise ${held}`;
    case "not_interested":
      return `when sure: exits the enrollment as rejected; otherwise ${held}`;
    case "unsubscribe":
      return "when sure: opts the contact out (every live sequence ends and unsent steps are cancelled); otherwise holds every live enrollment of the contact and waits for a person";
    case "out_of_office":
      return `when sure (or an automatic reply): pauses every active enrollment of the contact until the return date (or ${OUT_OF_OFFICE_DEFAULT_DAYS} days); otherwise ${held}`;
    case "later":
      return `with a date, when sure: pauses the enrollment until that date; otherwise ${held}`;
    case "referral":
    case "other":
      return `waits for a person: ${held}`;
    default:
      return assertNever(intent);
  }
}

/**
 * The part of process_reply before its transaction: the contact, a duplicate's stored result, the
 * classification, its automation class counted, and an unsubscribe's opt-out, which commits on its
 * own first (spec 001: it must commit before any send). In a batch (`inBatch`: the contact the
 * batch resolved) the class is left to countReplyClasses, which counts a segment's at once.
 */
export async function prepareReply(
  db: Kysely<DB>,
  actor: Principal,
  input: ReplyInput,
  now: Date,
  classifier?: ReplyClassifier,
  inBatch?: { contactId: string },
): Promise<PreparedReply | ReplyResult> {
  const clientId = actor.clientId;
  const contact = inBatch?.contactId ?? (await resolveContact(db, clientId, input));
  const inBook = (await contactsInBook(db, actor, [contact])).has(contact);
  if (inBook && input.messageId) {
    const dup = await storedResult(db, clientId, input.messageId);
    if (dup) return dup;
  }
  const ports = await campaignPorts();
  // the tenant's own model votes where it has one (issue 72 item 2; read once a minute, not per reply)
  const reader = classifier ?? (await tenantClassifier(db, clientId, ports.classifier));
  const c: Classification = await reader.classify(input.text, input.receivedAt);
  // the class the team earned for a sure reading (automation-classes.ts), read as the reply comes;
  // a batch counts its replies' classes at once, before their transaction (countReplyClasses)
  const [cls] = inBatch ? [null] : await automationClassesFor(db, clientId, [classReading(c, input.text)]);
  const spotCheck = cls?.spotCheck === true;
  // a sure stop request opts out at once (it has no class: never withheld); an unsure one holds
  // every live enrollment (applyReply)
  if (c.intent === "unsubscribe" && actsAlone({ input, c, cls, spotCheck })) {
    await ports.optOut(
      db,
      actor,
      { clientId, contactId: contact, flag: "unsubscribe", source: "reply" },
      now,
    );
  }
  // outside the actor's book: the answer resolveContact gives a contact it does not know
  if (!inBook)
    throw new BatonError(
      "REPLY_CONTACT_UNKNOWN",
      input.contactId ? { by: "contact_id", value: input.contactId } : { by: "email", value: input.email },
    );
  return { input, contactId: contact, c, cls, spotCheck };
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

/**
 * Whether Baton acts on this reply without waiting for a person: automatic mail, a sure reading in
 * a class the team opened (a sure stop request always: automation.ts decidesAloneIn), or a person
 * who read it and chose `other` (the sequence goes on: their decision, not a guess).
 */
/** The sure reading whose automation class is looked up (null: not sure, or not an earned intent). */
function classReading(c: Classification, text: string): ClassReading | null {
  return decidesAlone(c) && isEarnedIntent(c.intent)
    ? { intent: c.intent, confidence: c.confidence, language: languageOf(c, text) }
    : null;
}

/**
 * The automation classes of prepared replies (prepareReply's `inBatch`), counted in one statement
 * in their order, each reply's class and spot check set on it: what prepareReply does reply by reply.
 */
export async function countReplyClasses(
  db: Kysely<DB>,
  clientId: string,
  ps: PreparedReply[],
): Promise<void> {
  const classes = await automationClassesFor(
    db,
    clientId,
    ps.map((p) => classReading(p.c, p.input.text)),
  );
  ps.forEach((p, k) => {
    p.cls = classes[k];
    p.spotCheck = classes[k]?.spotCheck === true;
  });
}

export function actsAlone(p: Pick<PreparedReply, "input" | "c" | "cls" | "spotCheck">): boolean {
  if (p.input.chosenByPerson === true && p.c.intent === "other") return true;
  return p.input.automatic === true || decidesAloneIn(p.c, p.cls, p.spotCheck);
}

/**
 * Whether the campaign lets a positive exit run without a person (issue 72: a class never opens
 * for positive exits beyond what the campaign allows): only where its on_exit ends there or hands
 * the person to a gate; an exit that would enroll them in the next campaign on its own is a
 * person's call, whatever the class.
 */
export function campaignAllowsAlone(intent: Classification["intent"], onExit: unknown): boolean {
  if (intent !== "interested" && intent !== "meeting") return true;
  const target = ((onExit ?? {}) as OnExitMap)[positiveExitReason(intent, (onExit ?? {}) as OnExitMap)];
  return target === undefined || target === null || typeof target !== "string";
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
function outOfOfficePause(until: Date): PauseEvent {
  return { resolution: "out_of_office", details: { paused_until: until.toISOString() } };
}

/** process_reply's transaction: the contact locked, the enrollment it answers, what its intent does. */
export async function applyReply(
  tx: Kysely<DB>,
  actor: Principal,
  p: PreparedReply,
  now: Date,
): Promise<ReplyResult> {
  const clientId = actor.clientId;
  const { contactId } = p;
  const lives = await lockLiveEnrollments(tx, clientId, [contactId]);
  const [target] = await answeredEnrollments(
    tx,
    clientId,
    [{ contactId, enrollmentId: p.input.enrollmentId }],
    lives,
  );
  const live = lives.get(contactId) ?? [];
  // the answered campaign read once: its on_exit (an exit's follow-on) and its reply policy
  const facts = await campaignReplyFacts(tx, clientId, target ? [target.campaign_id] : []);
  const o = newOutcome(p, target, await onExitOf(tx, clientId, p, target, facts));
  // "she has left the company": the enrollments end as left_company (issue 72 item 3)
  if (target && leftCompanyNotice(p)) await endLeftCompany(tx, actor, p, o, target, now);
  else if (o.triage === "auto") {
    if (target && exitIntent(p.c.intent)) {
      const campaign = facts.get(target.campaign_id)!;
      o.exit = await exitContact(
        tx,
        {
          clientId,
          enrollmentId: target.id,
          reason: replyExitReason(p.c.intent as ExitIntent, campaign.on_exit),
          actor,
          notes: REPLY_EXIT_NOTES,
        },
        now,
      );
      o.action = "exited";
    } else await writePauses(tx, clientId, aloneWithoutExit(p, o, live, now), now);
  } else await holdForTriage(tx, clientId, p, o, now, live);
  // the row first (its id is the table's default: the simulation draws ids from a sequence), then
  // the policy's effects, which name it
  const { id: replyId } = await tx
    .insertInto("campaign_replies")
    .values(replyRow(actor, p, o))
    .returning("id")
    .executeTakeFirstOrThrow();
  await actOnNotices(tx, actor, p, o, replyId, now);
  await markHandoffReply(tx, clientId, o.exit, replyId);
  await applyPolicyOf(tx, actor, p, o, live, replyId, now, facts);
  await storePolicyEffects(tx, actor.clientId, [{ id: replyId, o }]);
  await logCampaignEvent(tx, replyEvent(actor, p, o, replyId), now);
  await crmWrite(tx, clientId, replyCrmWrite(p, o), now);
  return replyResult(p, o, replyId);
}

type ExitIntent = "interested" | "meeting" | "not_interested";

/** The intents whose sure reading ends the answered enrollment. */
export function exitIntent(intent: Classification["intent"]): intent is ExitIntent {
  return intent === "interested" || intent === "meeting" || intent === "not_interested";
}

/** The on_exit of the answered campaign when a positive reply may exit alone (else undefined). */
export async function onExitOf(
  tx: Kysely<DB>,
  clientId: string,
  p: PreparedReply,
  target: EnrollmentFacts | null,
  /** the campaigns already read (processReplies' batch: campaignReplyFacts) */
  facts?: CampaignReplyFacts,
): Promise<unknown> {
  if (!target || (p.c.intent !== "interested" && p.c.intent !== "meeting") || !actsAlone(p)) return undefined;
  return (facts ?? (await campaignReplyFacts(tx, clientId, [target.campaign_id]))).get(target.campaign_id)!
    .on_exit;
}

/**
 * A reply's outcome before anything is done: whether it waits for a person, and on what. `onExit`:
 * the answered campaign's, for a positive reply (campaignAllowsAlone).
 */
export function newOutcome(p: PreparedReply, target: EnrollmentFacts | null, onExit?: unknown): ReplyOutcome {
  const alone =
    actsAlone(p) && (!target || p.input.automatic === true || campaignAllowsAlone(p.c.intent, onExit));
  // an unsure stop request waits for a person even with no live enrollment: the opt-out is theirs
  const waits = !alone && (target !== null || p.c.stopSignal === true || p.c.intent === "unsubscribe");
  return {
    target,
    action: target ? "continued" : "no_enrollment",
    exit: null,
    pausedUntil: null,
    triage: waits ? "pending" : "auto",
    held: [],
    policy: [],
  };
}

/**
 * A sure reading that does not exit: the opt-out's action, an out-of-office or a dated delay's
 * pause. Sets the outcome and returns the pauses to write (writePauses: a batch writes its replies'
 * together).
 */
export function aloneWithoutExit(
  p: PreparedReply,
  o: ReplyOutcome,
  live: readonly LiveRow[],
  now: Date,
): PauseWrite[] {
  const { c } = p;
  switch (c.intent) {
    case "interested":
    case "meeting":
    case "not_interested":
      return []; // no enrollment to exit
    case "unsubscribe":
      o.action = "opted_out"; // propagated by prepareReply, committed before this transaction
      return [];
    case "out_of_office": {
      const until = pauseUntil(p);
      const active = live.filter((e) => e.status === "active");
      if (until.getTime() <= now.getTime() || active.length === 0) return [];
      // the person is away from every campaign, not only the one that got the reply
      o.pausedUntil = until;
      o.action = "paused";
      return active.map((e) => ({ e, pause: { until }, event: outOfOfficePause(until) }));
    }
    case "later": {
      // decidesAlone: a sure delay with a date; the answered enrollment waits until then
      const until = c.returnDate;
      const t = live.find((e) => e.id === o.target?.id);
      if (
        !until ||
        !t ||
        until.getTime() <= now.getTime() ||
        (t.status !== "active" && t.status !== "paused")
      )
        return [];
      o.pausedUntil = until;
      o.action = "paused";
      return [
        {
          e: t,
          pause: { until, holdReason: "reply_later" },
          event: { ...outOfOfficePause(until), resolution: "reply_later" },
        },
      ];
    }
    case "referral":
    case "other":
      return []; // never alone (automation.ts)
    default:
      return assertNever(c.intent);
  }
}

/** The notes an exit by reply carries. */
export const REPLY_EXIT_NOTES = "inbound reply";
