export interface StepVariantView {
  key: string;
  subject?: string | null;
  instructions: string;
  weight: number;
}

export interface Step {
  step_number: number;
  delay_days: number;
  channel: string;
  content_type: string;
  template_instructions: string;
  thread?: string;
  variants?: StepVariantView[] | null;
  /** issue 37: the subject and body a person wrote (Liquid with merge fields); null: none */
  subject_template?: string | null;
  body_template?: string | null;
}

export interface Campaign {
  id: string;
  slug: string;
  name: string;
  type: string;
  owner_role: string;
  kind: string;
  status: string;
  approval_policy: string;
  on_exit: Record<string, unknown>;
  play_id: string | null;
  updated_at?: string;
  steps: Step[];
  send_window?: Record<string, unknown> | null;
  /** issue 59: touches of this campaign per contact in the rolling week; null: no campaign cap */
  weekly_touch_cap?: number | null;
  required_legal_basis?: string[] | null;
  /** issue 61: the team it belongs to; null: the workspace's */
  team_id?: string | null;
  /** issue 67: the exec's close steps wait for his click (default) or go out at once from his mailbox */
  personal_send?: "on_click" | "at_once";
  /** the exec who chose at once (his mailbox sends them) */
  personal_send_by?: string | null;
}

export const ENROLLMENT_STATUSES = [
  "queued",
  "active",
  "paused",
  "converted",
  "rejected",
  "timed_out",
  "exited",
  "opted_out",
  "cancelled",
];
