// What each triage choice will do, in one sentence a person reads before pressing its key (issue 56
// item 2: "for each choice a sentence saying what it will do"), and whether this principal may take
// it. Pure: from the reply's view.
import type { Principal } from "../../auth/principal.ts";
import { EXIT_REASONS } from "../exit-reasons.ts";
import { agentRefusal, TRIAGE_DECISIONS, type TriageDecisionKind } from "./triage-decisions.ts";
import type { TriageChoice, TriageReply } from "./triage-view.ts";

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

export function triageChoices(actor: Principal, r: TriageReply): TriageChoice[] {
  const who = r.contact.full_name;
  const where = r.campaign ? r.campaign.name : "no live campaign";
  const others = r.held_enrollment_ids.filter((id) => id !== r.enrollment_id).length;
  const alsoOthers = others ? ` The ${others} other campaign(s) the reply held resume too.` : "";
  const referral = r.reading.referral;
  const effects: Record<TriageDecisionKind, string> = {
    continue: `Resumes ${where} for ${who}: the next step goes when it is due.${alsoOthers}`,
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
