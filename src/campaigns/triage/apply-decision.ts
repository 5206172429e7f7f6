// What a triage decision does (issue 56 item 2), the apply stage of decide-reply.ts and
// decide-replies.ts, inside the decision's transaction after check-decision.ts's checks:
//   continue     resume what the reply held (unless another pending reply of the contact holds it)
//   exit         end the answered enrollment with the reason given (a positive one runs on_exit)
//   opt_out      the coordinator's opt-out (every live sequence ends, unsent steps cancelled)
//   later        pause the answered enrollment until the date (the classifier's, or the one given)
//   referral     open a contact at the same account from the named person and propose it to the
//                exec (a hand-off: nothing is sent before the exec routes it); the replier's
//                enrollment exits (disqualified, no follow-on) or stays held
//   handoff      end the answered enrollment (meeting) into a hand-off to the exec
//   not_a_reply  automatic mail the inbox missed: resume, as continue
// Other enrollments the reply held (a stop signal holds them all) resume with every decision but
// opt_out. The effects are returned, not recorded: record-decisions.ts keeps them with the reply.
import type { Kysely } from "kysely";
import type { Principal } from "../../auth/principal.ts";
import type { DB } from "../../db/database.ts";
import { type ExitResult, exitContact } from "../exit-contact.ts";
import { assertNever } from "../exit-reasons.ts";
import { campaignPorts } from "../ports.ts";
import type { LiveEnrollment } from "../reply-lookups.ts";
import { writePause } from "../write-enrollment-pause.ts";
import { checkDecision, type LockedReply } from "./check-decision.ts";
import type { HeldEnrollment } from "./hold-on-reply.ts";
import { openReferral } from "./open-referral.ts";
import type { TriageReplyDetail } from "./read-triage.ts";
import { resumeHeld } from "./resume-held.ts";
import type { DecideInput } from "./triage-decisions.ts";

export interface DecisionEffects {
  resumed: string[];
  exit: ExitResult | null;
  opted_out: boolean;
  paused_until: string | null;
  referral: { contact_id: string; created: boolean; handoff_id: string } | null;
  handoff_id: string | null;
}

/** The notes an exit of a decision carries: the person's, else the decision's name. */
export function decisionNotes(input: Omit<DecideInput, "replyId">): string {
  return input.notes ?? `reply triage (${input.decision})`;
}

/** A decision's effects before it applies: nothing yet. */
export function noEffects(): DecisionEffects {
  return { resumed: [], exit: null, opted_out: false, paused_until: null, referral: null, handoff_id: null };
}

/** Later's pause of the answered enrollment until the date, and its event. */
export function laterPause(actor: Principal, snap: TriageReplyDetail, e: LiveEnrollment, until: Date) {
  return {
    e,
    pause: { until, holdReason: "reply_later" as const },
    event: {
      actorPrincipalId: actor.principalId,
      resolution: "reply_later",
      details: { reply_id: snap.reply_id, paused_until: until.toISOString() },
    },
  };
}

/**
 * Apply stage: the decision's own effect on the answered enrollment (resume, exit, opt-out,
 * pause, referral, hand-off), then the other held enrollments resume (all but opt_out).
 */
export async function applyDecision(
  tx: Kysely<DB>,
  actor: Principal,
  snap: TriageReplyDetail,
  input: DecideInput,
  row: LockedReply,
  held: HeldEnrollment[],
  target: LiveEnrollment | null,
  now: Date,
): Promise<DecisionEffects> {
  const clientId = actor.clientId;
  const contactId = snap.contact.contact_id;
  const effects = noEffects();
  const { until } = checkDecision(snap, input, row, target, now);
  const needTarget = () => target!;
  const notes = decisionNotes(input);
  const d = input.decision;
  switch (d) {
    case "continue":
    case "not_a_reply":
      effects.resumed = await resumeHeld(tx, actor, snap.reply_id, contactId, held, [], now);
      break;
    case "exit": {
      effects.exit = await exitContact(
        tx,
        { clientId, enrollmentId: needTarget().id, reason: input.exitReason!, actor, notes },
        now,
      );
      effects.resumed = await resumeHeld(tx, actor, snap.reply_id, contactId, held, [target!.id], now);
      break;
    }
    case "opt_out":
      await (await campaignPorts()).optOut(
        tx,
        actor,
        { clientId, contactId, flag: "unsubscribe", source: "reply_triage" },
        now,
      );
      effects.opted_out = true;
      break;
    case "later": {
      const t = needTarget();
      const p = laterPause(actor, snap, t, until!);
      await writePause(tx, clientId, t, p.pause, p.event, now);
      effects.paused_until = until!.toISOString();
      effects.resumed = await resumeHeld(tx, actor, snap.reply_id, contactId, held, [t.id], now);
      break;
    }
    case "referral": {
      effects.referral = await openReferral(tx, actor, snap, input, row.enrollment_id!, now);
      if ((input.replier ?? "exit") === "exit" && target)
        effects.exit = await exitContact(
          tx,
          { clientId, enrollmentId: target.id, reason: "disqualified", actor, notes, target: null },
          now,
        );
      effects.resumed = await resumeHeld(
        tx,
        actor,
        snap.reply_id,
        contactId,
        held,
        target ? [target.id] : [],
        now,
      );
      break;
    }
    case "handoff": {
      effects.exit = await exitContact(
        tx,
        {
          clientId,
          enrollmentId: needTarget().id,
          reason: "meeting",
          actor,
          notes,
          target: { gate: "exec" },
        },
        now,
      );
      effects.handoff_id = effects.exit.next.kind === "handoff" ? effects.exit.next.handoff_id : null;
      effects.resumed = await resumeHeld(tx, actor, snap.reply_id, contactId, held, [target!.id], now);
      break;
    }
    default:
      assertNever(d);
  }
  return effects;
}
