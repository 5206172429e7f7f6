// spec 002 campaign definitions: the checks that need no database. Each problem carries the error
// code it maps to; the caller refuses the whole definition (nothing is written) with the first
// problem's code and every problem in the facts.
import type { SequenceType } from "../db/core-tables.ts";
import {
  type ApprovalPolicy,
  CHANNELS,
  type ChannelName,
  CONTENT_TYPES,
  type ContentType,
} from "./definition-vocabulary.ts";
import { EXIT_REASONS, isExitReason, isGateTarget, type OnExitMap } from "./exit-reasons.ts";
import { type StepVariant, variantProblems } from "./step-variants.ts";
import { stepTemplateProblems } from "./validate-step-templates.ts";

export {
  APPROVAL_POLICIES,
  type ApprovalPolicy,
  CAMPAIGN_KINDS,
  CAMPAIGN_STATUSES,
  type CampaignStatus,
  CHANNELS,
  type ChannelName,
  CONTENT_TYPES,
  type ContentType,
  GOALS,
  type Goal,
} from "./definition-vocabulary.ts";

export interface StepInput {
  step_number: number;
  delay_days: number;
  channel: string;
  content_type: string;
  template_instructions: string;
  /** issue 12: 'follow_up' sends it in the first email's thread (In-Reply-To, References, "Re:"). */
  thread?: string;
  /** A/B variants of the step's subject and instructions (2 to 4, weighted; learning, issue 13). */
  variants?: StepVariant[] | null;
  /** issue 37: the subject a person wrote, a Liquid template with merge fields (email only); null: none. */
  subject_template?: string | null;
  /** issue 37: the body a person wrote, sent as written by the built-in drafter; null: none. */
  body_template?: string | null;
}

export interface ValidStep extends StepInput {
  channel: ChannelName;
  content_type: ContentType;
}

export type ProblemCode =
  | "CAMPAIGN_STEPS_INVALID"
  | "CAMPAIGN_STEP_DELAY_INVALID"
  | "CAMPAIGN_STEP_CHANNEL_UNKNOWN"
  | "CAMPAIGN_STEP_CONTENT_TYPE_UNKNOWN"
  | "ON_EXIT_REASON_UNKNOWN"
  | "ON_EXIT_TARGET_INVALID"
  | "SALES_CAMPAIGN_REQUIRES_APPROVAL"
  | "CAMPAIGN_STEP_THREAD_INVALID"
  | "CAMPAIGN_SEND_WINDOW_INVALID"
  | "CAMPAIGN_STEP_VARIANTS_INVALID"
  | "CAMPAIGN_LEGAL_BASIS_INVALID"
  | "CAMPAIGN_STEP_TEMPLATE_INVALID"
  | "CAMPAIGN_REPLY_POLICY_INVALID"
  | "ON_EXIT_TARGET_MISSING"
  | "ON_EXIT_CYCLE"
  | "CAMPAIGN_SLUG_TAKEN";

export interface Problem {
  code: ProblemCode;
  path: string;
  message: string;
}

/** Steps: 1..n without gap or duplicate, delay_days ≥ 0 and never decreasing, known channel and content type. */
export function stepProblems(steps: readonly StepInput[]): Problem[] {
  const problems: Problem[] = [];
  if (steps.length === 0) {
    problems.push({
      code: "CAMPAIGN_STEPS_INVALID",
      path: "/steps",
      message: "a campaign needs at least one step",
    });
  }
  const seen = new Set<number>();
  for (const [i, s] of steps.entries()) {
    if (!Number.isInteger(s.step_number) || s.step_number < 1) {
      problems.push({
        code: "CAMPAIGN_STEPS_INVALID",
        path: `/steps/${i}/step_number`,
        message: "must be an integer ≥ 1",
      });
    } else if (seen.has(s.step_number)) {
      problems.push({
        code: "CAMPAIGN_STEPS_INVALID",
        path: `/steps/${i}/step_number`,
        message: `step ${s.step_number} appears twice`,
      });
    }
    seen.add(s.step_number);
    if (!Number.isInteger(s.delay_days) || s.delay_days < 0) {
      problems.push({
        code: "CAMPAIGN_STEP_DELAY_INVALID",
        path: `/steps/${i}/delay_days`,
        message: `must be a whole number of days ≥ 0 (got ${s.delay_days})`,
      });
    }
    if (!(CHANNELS as readonly string[]).includes(s.channel)) {
      problems.push({
        code: "CAMPAIGN_STEP_CHANNEL_UNKNOWN",
        path: `/steps/${i}/channel`,
        message: `unknown channel '${s.channel}'; use ${CHANNELS.join(" or ")}`,
      });
    }
    if (!(CONTENT_TYPES as readonly string[]).includes(s.content_type)) {
      problems.push({
        code: "CAMPAIGN_STEP_CONTENT_TYPE_UNKNOWN",
        path: `/steps/${i}/content_type`,
        message: `unknown content type '${s.content_type}'; use one of ${CONTENT_TYPES.join(", ")}`,
      });
    }
    if (typeof s.template_instructions !== "string" || s.template_instructions.trim() === "") {
      problems.push({
        code: "CAMPAIGN_STEPS_INVALID",
        path: `/steps/${i}/template_instructions`,
        message: "says what to write; it must not be empty",
      });
    }
    problems.push(...variantProblems(s.variants, `/steps/${i}/variants`));
    problems.push(...stepTemplateProblems(s, i));
  }
  const numbers = [...seen].filter((n) => Number.isInteger(n) && n >= 1).sort((a, b) => a - b);
  const missing: number[] = [];
  const max = numbers.at(-1) ?? 0;
  for (let n = 1; n <= max; n++) if (!seen.has(n)) missing.push(n);
  if (missing.length > 0) {
    problems.push({
      code: "CAMPAIGN_STEPS_INVALID",
      path: "/steps",
      message: `steps must be numbered 1..n without a gap; missing ${missing.join(", ")}`,
    });
  }
  // delay_days counts from enrollment (spec 002), so a later step cannot come earlier.
  const ordered = [...steps]
    .filter((s) => Number.isInteger(s.delay_days))
    .sort((a, b) => a.step_number - b.step_number);
  for (let i = 1; i < ordered.length; i++) {
    if (
      ordered[i].delay_days < ordered[i - 1].delay_days &&
      ordered[i].step_number !== ordered[i - 1].step_number
    ) {
      problems.push({
        code: "CAMPAIGN_STEP_DELAY_INVALID",
        path: "/steps",
        message: `step ${ordered[i].step_number} (day ${ordered[i].delay_days}) comes before step ${ordered[i - 1].step_number} (day ${ordered[i - 1].delay_days}); delay_days counts from enrollment and must not decrease`,
      });
    }
  }
  return problems;
}

/** on_exit: keys are exit reasons; each target is a slug, null or { "gate": "exec" }. */
export function onExitProblems(onExit: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const [key, target] of Object.entries(onExit)) {
    if (!isExitReason(key)) {
      problems.push({
        code: "ON_EXIT_REASON_UNKNOWN",
        path: `/on_exit/${key}`,
        message: `'${key}' is not an exit reason; use ${EXIT_REASONS.join(", ")}`,
      });
    }
    const ok = target === null || typeof target === "string" || isGateTarget(target);
    if (!ok) {
      problems.push({
        code: "ON_EXIT_TARGET_INVALID",
        path: `/on_exit/${key}`,
        message: 'must be a campaign slug, null, or { "gate": "exec" }',
      });
    }
  }
  return problems;
}

export function policyProblems(kind: SequenceType, policy: ApprovalPolicy): Problem[] {
  // spec 002: "Brooke sending autonomously without staged_drafts approval (never)"
  return kind === "sales" && policy !== "require_approval"
    ? [
        {
          code: "SALES_CAMPAIGN_REQUIRES_APPROVAL",
          path: "/approval_policy",
          message: "sales campaigns always require approval",
        },
      ]
    : [];
}

export function asOnExitMap(onExit: Record<string, unknown>): OnExitMap {
  return onExit as OnExitMap;
}
