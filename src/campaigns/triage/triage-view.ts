// The triage queue's views (issue 56 item 2): a reply as the queue shows it, and one reply with its
// choices. Types only, apart from the modules that build them (read-triage.ts, describe-choices.ts).
import type { TriageDecisionKind } from "./triage-decisions.ts";

export type TriageStatus = "pending" | "decided" | "auto";

export interface TriageReading {
  intent: string;
  confidence: number;
  by: string;
  return_date: string | null;
  stop_signal: boolean;
  referral: { name: string | null; email: string | null } | null;
  language: string | null;
  /** the reading in words (issue 72: not the classifier's rule names) */
  words: string;
}

export interface TriageDecision {
  decision: string;
  intent: string | null;
  details: Record<string, unknown>;
  decided_by: { principal_id: string; name: string | null } | null;
  decided_at: string;
}

export interface TriageReply {
  reply_id: string;
  status: TriageStatus;
  /** the mail's subject, when it came through a mailbox */
  subject: string | null;
  received_at: string;
  channel: string;
  action: string;
  contact: {
    contact_id: string;
    full_name: string;
    email: string | null;
    title: string | null;
    account: { account_id: string; name: string } | null;
  };
  campaign: { id: string; slug: string; name: string; owner_role: string } | null;
  enrollment_id: string | null;
  enrollment_status: string | null;
  hold_reason: string | null;
  /** the first 240 characters of the reply's own words (the quoted original left out) */
  excerpt: string;
  reading: TriageReading;
  held_enrollment_ids: string[];
  policy_effects: unknown[];
  decision: TriageDecision | null;
  /** the choice the reading suggests (issue 72: highlighted, not always continue) */
  suggested: TriageDecisionKind;
}

export interface TriageChoice {
  decision: TriageDecisionKind;
  /** the key the workspace binds it to */
  key: string;
  allowed: boolean;
  /** why not, when not allowed */
  why_not: string | null;
  effect: string;
  /** what the decision takes, pre-filled from the reading */
  defaults: Record<string, unknown>;
}

export interface TriageReplyDetail extends TriageReply {
  own_text: string;
  quoted_text: string | null;
  /** each decision, whether this principal may take it, and in one sentence what it will do */
  choices: TriageChoice[];
  /** the contact's other live enrollments, and whether this reply holds them (Continue resumes those) */
  elsewhere: TriageElsewhere[];
}

/** Another live enrollment of the replier: what Continue does to it. */
export interface TriageElsewhere {
  enrollment_id: string;
  campaign_name: string;
  status: string;
  paused_until: string | null;
  hold_reason: string | null;
  /** this reply holds it: a decision other than opt out resumes it (unless another reply holds it too) */
  held_by_this_reply: boolean;
}
