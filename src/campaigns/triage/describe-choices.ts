// What each triage choice will do, in one sentence a person reads before pressing its key (issue 56
// item 2: "for each choice a sentence saying what it will do"), and whether this principal may take
// it. Pure: from the reply's view.
import type { Principal } from "../../auth/principal.ts";
import { EXIT_REASONS } from "../exit-reasons.ts";
import { agentRefusal, TRIAGE_DECISIONS, type TriageDecisionKind } from "./triage-decisions.ts";
import type { TriageChoice, TriageElsewhere, TriageReply } from "./triage-view.ts";

export type { TriageChoice };

const KEYS: Record<TriageDecisionKind, string> = {
  continue: "c",
  exit: "x",
  opt_out: "o",
  later: "l",
  referral: "f",
  handoff: "h",
  not_a_reply: "n",
};

/**
 * The choice the reading suggests (issue 72 item 4: the highlighted choice followed nothing): a stop
 * opts out, a no exits, a delay waits, a named person is referred, a yes goes to the exec, and what
 * Baton cannot place goes on.
 */
export function suggestedChoice(r: Pick<TriageReply, "reading" | "enrollment_id">): TriageDecisionKind {
  const { intent, stop_signal, return_date } = r.reading;
  if (intent === "unsubscribe" || stop_signal) return "opt_out";
  if (!r.enrollment_id) return intent === "referral" ? "referral" : "continue";
  switch (intent) {
    case "not_interested":
      return "exit";
    case "later":
      return "later";
    case "out_of_office":
      return return_date ? "later" : "continue";
    case "referral":
      return "referral";
    case "interested":
    case "meeting":
      return "handoff";
    default:
      return "continue";
  }
}

const HOLD_WORDS: Record<string, string> = {
  reply_pending_triage: "another reply waits for a person",
  reply_pending_review: "a reply Baton could not trust waits for review",
  reply_later: "until the date a reply gave",
  reply_policy: "by the reply policy of another campaign",
  out_of_office: "out of office",
};

/** What Continue leaves: the campaigns it resumes with this one, and those that stay paused (issue 72). */
function elsewhereWords(elsewhere: readonly TriageElsewhere[]): string {
  const resumes = elsewhere.filter((e) => e.held_by_this_reply).map((e) => e.campaign_name);
  const stays = elsewhere
    .filter((e) => !e.held_by_this_reply && e.status === "paused")
    .map((e) => {
      const why = e.hold_reason ? (HOLD_WORDS[e.hold_reason] ?? e.hold_reason.replaceAll("_", " ")) : null;
      const until = e.paused_until ? `until ${e.paused_until.slice(0, 10)}` : "until a person resumes it";
      return `${e.campaign_name} (${why ? `${why}, ` : ""}${until})`;
    });
  return [
    resumes.length ? ` Also resumes ${resumes.join(", ")}, which this reply held.` : "",
    stays.length ? ` Stays paused elsewhere: ${stays.join("; ")}.` : "",
  ].join("");
}

export function triageChoices(
  actor: Principal,
  r: TriageReply,
  elsewhere: readonly TriageElsewhere[] = [],
): TriageChoice[] {
  const who = r.contact.full_name;
  const where = r.campaign ? r.campaign.name : "no live campaign";
  const others = r.held_enrollment_ids.filter((id) => id !== r.enrollment_id).length;
  const alsoOthers = others ? ` The ${others} other campaign(s) the reply held resume too.` : "";
  const continueOthers = elsewhere.length ? elsewhereWords(elsewhere) : alsoOthers;
  const referral = r.reading.referral;
  const effects: Record<TriageDecisionKind, string> = {
    continue: `Resumes ${where} for ${who}: the next step goes when it is due.${continueOthers}`,
    exit: `Ends ${who}'s enrollment in ${where} with the reason you choose (${EXIT_REASONS.join(", ")}); a positive reason follows the campaign's on_exit, which may enroll ${who} in the next campaign.${alsoOthers}`,
    opt_out: `Opts ${who} out: every live sequence ends, unsent steps are cancelled, and no campaign may touch ${who} again.`,
    later: `Pauses ${where} for ${who} until ${r.reading.return_date ? r.reading.return_date.slice(0, 10) : "the date you choose"}, then resumes it.${alsoOthers}`,
    referral: `Opens a contact for ${referral?.name ?? "the person named"}${referral?.email ? ` <${referral.email}>` : ""}${r.contact.account ? ` at ${r.contact.account.name}` : ""} and proposes them to the exec for enrollment (a hand-off: nothing is sent before the exec routes it); ${who}'s enrollment exits (disqualified) or stays held, as you choose.`,
    handoff: `Ends ${who}'s enrollment in ${where} (meeting) and opens a hand-off to the exec, who chooses the next campaign; nothing is sent before the exec routes it.`,
    not_a_reply: `Marks it automatic mail (an auto-reply the inbox missed) and resumes ${where} for ${who}.${alsoOthers}`,
  };
  const defaults: Record<TriageDecisionKind, Record<string, unknown>> = {
    continue: {},
    exit: { exit_reason: r.reading.intent === "not_interested" ? "rejected" : null },
    opt_out: {},
    later: { until: r.reading.return_date },
    referral: { referral: referral ?? { name: null, email: null }, replier: "exit" },
    handoff: {},
    not_a_reply: {},
  };
  return TRIAGE_DECISIONS.map((decision) => {
    let why: string | null =
      r.status !== "pending" ? `the reply is ${r.status === "auto" ? "not in triage" : "decided"}` : null;
    if (
      !why &&
      !r.enrollment_id &&
      decision !== "opt_out" &&
      decision !== "referral" &&
      decision !== "continue"
    )
      why = "the reply answers no live enrollment";
    why ??= agentRefusal(actor, r, decision, null);
    return {
      decision,
      key: KEYS[decision],
      allowed: why === null,
      why_not: why,
      effect: effects[decision],
      defaults: defaults[decision],
    };
  });
}
