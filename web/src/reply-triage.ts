// The reply triage queue's vocabulary in the workspace (issue 56 item 2): the choices a person has for
// a reply that waits, their keys, and the one place that speaks the API's shapes (paths and bodies),
// so the pages never spell them.

import type { TriageDecisionKind } from "../../src/campaigns/contract.ts";
import { assertNever } from "../../src/campaigns/contract.ts";
import { post } from "./api.ts";
import type { ApiResponse } from "./api-types.ts";

/** The API's triage decisions (src/campaigns/triage/triage-decisions.ts), one choice each. */
export type ChoiceKind = TriageDecisionKind;

/** A decision as the page builds it; `decisionBody` turns it into what the API takes. */
export type Decision =
  | { kind: "continue" }
  | { kind: "exit"; reason: string }
  | { kind: "opt_out" }
  | { kind: "later"; until: string }
  | { kind: "referral"; name: string; email: string; replier: "exit" | "hold" }
  | { kind: "handoff" }
  | { kind: "not_a_reply" };

export interface Choice {
  kind: ChoiceKind;
  key: string;
  label: string;
  /** the choice asks one more thing first (a reason, a date, a person, a confirmation) */
  asks: boolean;
  /** one reply at a time (a referral names one person) */
  single?: boolean;
}

/** In the order the detail pane lists them; the keys are the (c x o l f h n). */
export const CHOICES: readonly Choice[] = [
  { kind: "continue", key: "c", label: "Continue", asks: false },
  { kind: "exit", key: "x", label: "Exit…", asks: true },
  // an opt-out cannot be taken back: Enter confirms it
  { kind: "opt_out", key: "o", label: "Opt out…", asks: true },
  { kind: "later", key: "l", label: "Later…", asks: true },
  { kind: "referral", key: "f", label: "Referral…", asks: true, single: true },
  { kind: "handoff", key: "h", label: "Hand off", asks: false },
  { kind: "not_a_reply", key: "n", label: "Not a reply", asks: false },
];

export const choiceByKey = (key: string): Choice | undefined => CHOICES.find((c) => c.key === key);

// The queue's shapes as the API gives them (GET /api/v1/replies/triage…): the server's own view types
// (src/campaigns/triage/triage-view.ts), imported as types only, so the two cannot drift.
export type {
  TriageChoice as ChoiceView,
  TriageReading as Reading,
  TriageReply,
  TriageReplyDetail,
} from "../../src/campaigns/contract.ts";

export const TRIAGE_PATH = "/api/v1/replies/triage";
export const COUNT_PATH = "/api/v1/replies/triage/count";
export const AGREEMENT_PATH = "/api/v1/learning/reply-agreement";
export const EXAMPLES_PATH = "/api/v1/replies/examples.jsonl";
export const AUTOMATION_PATH = "/api/v1/replies/automation";

/** The body of a decision as the API takes it (a day is sent as its start, UTC). */
export function decisionBody(d: Decision): Record<string, unknown> {
  switch (d.kind) {
    case "continue":
    case "opt_out":
    case "handoff":
    case "not_a_reply":
      return { decision: d.kind };
    case "exit":
      return { decision: "exit", exit_reason: d.reason };
    case "later":
      return { decision: "later", until: `${d.until}T00:00:00.000Z` };
    case "referral":
      return {
        decision: "referral",
        referral: { name: d.name || null, email: d.email || null },
        replier: d.replier,
      };
    default:
      return assertNever(d);
  }
}

export type DecideOutcome = ApiResponse<"decideReplies">["results"][number];

/** Decides one reply, or many with one decision (bulk); each reply's outcome. */
export async function decide(ids: string[], d: Decision): Promise<DecideOutcome[]> {
  if (ids.length === 1) {
    await post(`${TRIAGE_PATH}/${ids[0]}/decide`, decisionBody(d));
    return [{ reply_id: ids[0], ok: true }];
  }
  const r = await post<ApiResponse<"decideReplies">>(`${TRIAGE_PATH}/decide`, {
    ...decisionBody(d),
    reply_ids: ids,
  });
  return r.results;
}

/** Tells the navigation's count that the queue changed. */
export const TRIAGE_CHANGED = "baton:triage-changed";
export const triageChanged = () => window.dispatchEvent(new Event(TRIAGE_CHANGED));

/** A decision that reached a reply someone else had decided first: gone from the queue all the same. */
export const ALREADY_DECIDED = "REPLY_ALREADY_DECIDED";

/** "2026-12-01" from a date or timestamp; `days` from `now` when there is none. */
export function dayOf(v: string | null, now: Date, days = 30): string {
  if (v) return v.slice(0, 10);
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Why a reply holds an enrollment, in words (issue 56: the enrollment's hold_reason, which gate 5
 * reports): until a person decides (the triage queue, or the review queue for a reply Baton could
 * not trust), until the date the reply gave, or by the reply policy of another campaign or of a
 * colleague's reply. Null for any other reason.
 */
export function holdReasonText(reason: string | null | undefined): string | null {
  switch (reason) {
    case "reply_pending_triage":
      return "waiting for a person: reply pending triage";
    case "reply_pending_review":
      return "waiting for a person: a reply Baton could not trust, pending review";
    case "reply_later":
      return "waiting until the date the reply gave";
    case "reply_policy":
      return "paused by a reply in another campaign or from a colleague (the campaign's reply policy)";
    default:
      return null;
  }
}
