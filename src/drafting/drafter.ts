// Who writes a touch. The drafter is pluggable: the built-in template drafter, an LLM adapter, or
// an external agent through the drafting-task API (lease a task, submit the draft).
import type { ChannelName } from "../channels/contract.ts";

export interface DraftInput {
  contact: {
    contact_id: string;
    full_name: string;
    title: string | null;
    email: string | null;
    linkedin_url: string | null;
  };
  account: {
    name: string;
    vertical: string | null;
    segment: string | null;
    icp_tier: string;
    domain?: string | null;
  } | null;
  campaign: { slug: string; name: string; kind: string; type: string };
  step: {
    step_number: number;
    delay_days: number;
    channel: ChannelName;
    content_type: string;
    template_instructions: string;
    /**
     * issue 37: the subject and body a person wrote (Liquid with merge fields, render-template.ts).
     * The built-in drafter sends them as written; AI drafters write from template_instructions.
     */
    subject_template?: string | null;
    body_template?: string | null;
  };
  enrollment: { goal: string | null; notes: string | null };
  /**
   * The A/B variant assigned to this enrollment at this step (learning, issue 13): its subject and
   * writing instructions replace the step's own. Absent when the step has no variants.
   */
  variant?: { key: string; subject: string | null; instructions: string };
  /** The sender's name, for signatures. */
  senderName: string;
  /** The person the touch goes out from (the contact's owner), for `{{sender.…}}`; absent: senderName. */
  sender?: { full_name: string; email: string | null; booking_link?: string | null } | null;
  /**
   * True when the draft goes out as written, with no person reading it first (an `auto_send`
   * campaign's step other than a close): the copy must be final, with no placeholder to fill.
   * Absent or false: a person approves (and may edit) the draft before it is sent.
   */
  sendsWithoutReview?: boolean;
}

export interface DraftOutput {
  subject: string | null;
  body: string;
  /** 'template', 'llm:<model>' or an agent id. */
  draftedBy: string;
}

export interface Drafter {
  readonly name: string;
  draft(input: DraftInput): Promise<DraftOutput>;
}
