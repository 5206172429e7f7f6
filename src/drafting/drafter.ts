// Who writes a touch. The drafter is pluggable: the built-in template drafter, an LLM adapter, or
// an external agent through the drafting-task API (lease a task, submit the draft).

export interface DraftInput {
  contact: {
    contact_id: string;
    full_name: string;
    title: string | null;
    email: string | null;
    linkedin_url: string | null;
  };
  account: { name: string; vertical: string | null; segment: string | null; icp_tier: string } | null;
  campaign: { slug: string; name: string; kind: string; type: string };
  step: {
    step_number: number;
    delay_days: number;
    channel: "email" | "linkedin";
    content_type: string;
    template_instructions: string;
  };
  enrollment: { goal: string | null; notes: string | null };
  /**
   * The A/B variant assigned to this enrollment at this step (learning, issue 13): its subject and
   * writing instructions replace the step's own. Absent when the step has no variants.
   */
  variant?: { key: string; subject: string | null; instructions: string };
  /** The sender's name, for signatures. */
  senderName: string;
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
