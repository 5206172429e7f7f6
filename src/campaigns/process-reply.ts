// spec 002 process_reply: "Classifies intent, updates Attio activity, continues sequence or
// triggers exit". interested / meeting → exit (converted, or the campaign's meeting exit);
// not interested → rejected; unsubscribe → opt-out everywhere (the coordinator); out of office →
// pause until the return date (or 7 days); anything else → continue. Every reply is kept and logged.
import type { Kysely } from "kysely";
import { describePrincipal, hasRole, type Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { rethrowDb } from "../errors/map-db-error.ts";
import type { Classification, ReplyClassifier } from "../replies/classifier.ts";
import { type ExitResult, exitContact } from "./exit-contact.ts";
import { assertNever, type OnExitMap, positiveExitReason } from "./exit-reasons.ts";
import { logCampaignEvent } from "./log-event.ts";
import { campaignPorts, crmWrite } from "./ports.ts";
import {
  pickEnrollment,
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
    case "other":
      return "logs the reply; the sequence continues";
    default:
      return assertNever(intent);
  }
}

export async function processReply(
  db: Kysely<DB>,
  actor: Principal,
  input: ReplyInput,
  now: Date,
  classifier?: ReplyClassifier,
): Promise<ReplyResult> {
  requireReplySubmitter(actor, "submit inbound replies");
  const clientId = actor.clientId;
  const contactId = await resolveContact(db, clientId, input);
  if (input.messageId) {
    const dup = await storedResult(db, clientId, input.messageId);
    if (dup) return dup;
  }
  const ports = await campaignPorts();
  const c: Classification = await (classifier ?? ports.classifier).classify(input.text, input.receivedAt);
  // spec 001 opt-out propagation runs in its own transaction (it must commit before any send).
  if (c.intent === "unsubscribe") {
    await ports.optOut(db, actor, { clientId, contactId, flag: "unsubscribe", source: "reply" }, now);
  }
  try {
    return await db.transaction().execute(async (tx) => {
      await tx
        .selectFrom("contacts")
        .select("contact_id")
        .where("client_id", "=", clientId)
        .where("contact_id", "=", contactId)
        .forUpdate()
        .execute();
      const { target, live } = await pickEnrollment(tx, clientId, contactId, input.enrollmentId);
      let action: ReplyAction = target ? "continued" : "no_enrollment";
      let exit: ExitResult | null = null;
      let pausedUntil: Date | null = null;
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
          const reason =
            c.intent === "not_interested"
              ? "rejected"
              : positiveExitReason(c.intent, (campaign.on_exit ?? {}) as OnExitMap);
          exit = await exitContact(
            tx,
            { clientId, enrollmentId: target.id, reason, actor, notes: "inbound reply" },
            now,
          );
          action = "exited";
          break;
        }
        case "unsubscribe":
          action = "opted_out";
          break;
        case "out_of_office": {
          const until =
            c.returnDate ?? new Date(input.receivedAt.getTime() + OUT_OF_OFFICE_DEFAULT_DAYS * DAY_MS);
          const active = live.filter((e) => e.status === "active");
          if (until.getTime() <= now.getTime() || active.length === 0) break;
          // the person is away from every campaign, not only the one that got the reply
          pausedUntil = until;
          for (const e of active) {
            await tx
              .updateTable("campaign_contacts")
              .set({ status: "paused", paused_until: until, updated_at: now })
              .where("client_id", "=", clientId)
              .where("id", "=", e.id)
              .execute();
            await logCampaignEvent(
              tx,
              {
                type: "paused",
                clientId,
                contactId,
                enrollment: e,
                resolution: "out_of_office",
                details: { paused_until: until.toISOString() },
              },
              now,
            );
          }
          action = "paused";
          break;
        }
        case "other":
          break;
        default:
          assertNever(c.intent);
      }
      const row = await tx
        .insertInto("campaign_replies")
        .values({
          client_id: clientId,
          contact_id: contactId,
          enrollment_id: target?.id ?? null,
          channel: input.channel ?? "email",
          message_id: input.messageId ?? null,
          received_at: input.receivedAt,
          body: input.text,
          intent: c.intent,
          confidence: c.confidence,
          classified_by: c.by,
          return_date: c.returnDate,
          action,
          exit_reason: exit?.reason ?? null,
          submitted_by_principal_id: actor.principalId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await logCampaignEvent(
        tx,
        {
          type: "reply",
          clientId,
          contactId,
          enrollment: target,
          actorPrincipalId: actor.principalId,
          resolution: action,
          details: {
            reply_id: row.id,
            intent: c.intent,
            confidence: c.confidence,
            by: c.by,
            action,
            exit_reason: exit?.reason ?? null,
            received_at: input.receivedAt.toISOString(),
          },
        },
        now,
      );
      // spec 002 Attio: "updates Attio activity"
      await crmWrite(
        tx,
        clientId,
        {
          op: "log_activity",
          contactId,
          channel: input.channel ?? "email",
          contentType: "reply",
          occurredAt: input.receivedAt.toISOString(),
          note: `Inbound reply classified ${c.intent} (${c.by}); ${action}${exit?.reason ? ` (${exit.reason})` : ""}`,
        },
        now,
      );
      return {
        reply_id: row.id,
        duplicate: false,
        contact_id: contactId,
        intent: c.intent,
        confidence: c.confidence,
        classified_by: c.by,
        action,
        enrollment_id: target?.id ?? null,
        exit_reason: exit?.reason ?? null,
        return_date: c.returnDate ? c.returnDate.toISOString() : null,
        paused_until: pausedUntil ? pausedUntil.toISOString() : null,
        exit,
      };
    });
  } catch (e) {
    rethrowDb(e);
  }
}
