// The campaign editor's working copy (issue 37 item 3) and how it becomes the API's definition
// body. Validation is the API's: the page sends the body and shows each problem it returns
// (`facts.problems` from the domain, `facts.errors` from the schema) beside the field at its path.
import { ApiError } from "./api.ts";
import type { ApiResponse } from "./api-types.ts";
import type { Campaign } from "./campaigns.ts";

/** The step's `subject_template` and `body_template` (Liquid with merge fields, issue 37 item 4) are sent with the step. */
export const STEP_TEMPLATE_FIELDS_ENABLED = true;

export {
  APPROVAL_POLICIES as POLICIES,
  CAMPAIGN_KINDS as KINDS,
  CAMPAIGN_TYPES,
  CHANNELS,
  CONTENT_TYPES,
  OWNER_ROLES,
} from "../../src/campaigns/contract.ts";

/**
 * Whether a step on this channel has a subject and an email thread: email does, a LinkedIn message
 * does not (the API refuses a subject on it, src/campaigns/validate-step-templates.ts). Until the
 * channel table (src/channels/channel-kinds.ts) says it, the channel does.
 */
export const channelHasSubject = (channel: string): boolean => channel === "email";
export { EXIT_REASONS } from "../../src/campaigns/contract.ts";
/** src/campaigns/required-legal-basis.ts REQUIRABLE_LEGAL_BASES (that module reads the database). */
export const LEGAL_BASES = ["legitimate_interest", "consent", "customer"] as const;
/** The weekdays of src/scheduling/send-window.ts, Monday first as a person reads a week. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
/** Who may define campaigns: the API's DEFINER_ROLES (src/campaigns/define-campaign.ts). */
export const EDITOR_ROLES = ["revops", "admin", "exec"];

export interface VariantDraft {
  key: string;
  subject: string;
  instructions: string;
  weight: string;
}

export interface StepDraft {
  /** stable across reorders (React key, focus after a move) */
  uid: string;
  delay_days: string;
  channel: string;
  content_type: string;
  template_instructions: string;
  subject_template: string;
  body_template: string;
  thread: string;
  variants: VariantDraft[];
}

export interface WindowDraft {
  enabled: boolean;
  days: string[];
  start: string;
  end: string;
  time_zone: string;
  skip_holidays: boolean;
  spread_minutes: string;
}

/** An on_exit choice: "" not routed, "end" (null), "gate:exec", or "campaign:<slug>". */
export type ExitChoice = string;

export interface CampaignDraft {
  slug: string;
  name: string;
  type: string;
  owner_role: string;
  kind: string;
  approval_policy: string;
  legal_basis: string[];
  /** the campaign's weekly touch cap as typed; blank: none */
  weekly_touch_cap: string;
  /** issue 61: the team's id; "": the workspace's campaign */
  team_id: string;
  window: WindowDraft;
  on_exit: Record<string, ExitChoice>;
  steps: StepDraft[];
}

let uid = 0;
export const newUid = () => `s${++uid}`;

export function emptyStep(after?: StepDraft): StepDraft {
  return {
    uid: newUid(),
    delay_days: after ? String((Number(after.delay_days) || 0) + 3) : "0",
    channel: "email",
    content_type: "follow_up",
    template_instructions: "",
    subject_template: "",
    body_template: "",
    thread: "new",
    variants: [],
  };
}

export function emptyDraft(): CampaignDraft {
  return {
    slug: "",
    name: "",
    type: "",
    owner_role: "roles.sales",
    kind: "sales",
    approval_policy: "require_approval",
    legal_basis: [],
    weekly_touch_cap: "",
    team_id: "",
    window: {
      enabled: false,
      days: ["tue", "wed", "thu"],
      start: "09:00",
      end: "11:30",
      time_zone: "",
      skip_holidays: true,
      spread_minutes: "",
    },
    on_exit: {},
    steps: [emptyStep()],
  };
}

function choiceOf(target: unknown): ExitChoice {
  if (target === null) return "end";
  if (typeof target === "string") return `campaign:${target}`;
  if (target && typeof target === "object" && (target as { gate?: unknown }).gate === "exec")
    return "gate:exec";
  return "";
}

function targetOf(choice: ExitChoice): unknown {
  if (choice === "end") return null;
  if (choice === "gate:exec") return { gate: "exec" };
  return choice.slice("campaign:".length);
}

const text = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));

export function draftOf(c: Campaign): CampaignDraft {
  const w = (c.send_window ?? null) as Record<string, unknown> | null;
  return {
    slug: c.slug,
    name: c.name,
    type: c.type,
    owner_role: c.owner_role,
    kind: c.kind,
    approval_policy: c.approval_policy,
    legal_basis: c.required_legal_basis ?? [],
    weekly_touch_cap: text(c.weekly_touch_cap),
    team_id: c.team_id ?? "",
    window: {
      enabled: !!w,
      days: Array.isArray(w?.days) ? (w.days as string[]) : ["tue", "wed", "thu"],
      start: text(w?.start) || "09:00",
      end: text(w?.end) || "11:30",
      time_zone: text(w?.time_zone),
      skip_holidays: w?.skip_holidays !== false,
      spread_minutes: text(w?.spread_minutes),
    },
    on_exit: Object.fromEntries(Object.entries(c.on_exit ?? {}).map(([k, t]) => [k, choiceOf(t)])),
    steps: c.steps.map((s) => ({
      uid: newUid(),
      delay_days: String(s.delay_days),
      channel: s.channel,
      content_type: s.content_type,
      template_instructions: s.template_instructions,
      subject_template: text(s.subject_template),
      body_template: text(s.body_template),
      thread: s.thread ?? "new",
      variants: (s.variants ?? []).map((v) => ({
        key: text(v.key),
        subject: text(v.subject),
        instructions: text(v.instructions),
        weight: text(v.weight),
      })),
    })),
  };
}

/** A number field as typed: an integer when it is one, else the number (the API names the problem). */
const num = (v: string): number => (v.trim() === "" ? Number.NaN : Number(v));
const int = (v: string) => {
  const n = num(v);
  return Number.isFinite(n) ? n : (v as unknown as number);
};

function windowBody(w: WindowDraft): Record<string, unknown> | null {
  if (!w.enabled) return null;
  return {
    days: w.days,
    start: w.start,
    end: w.end,
    ...(w.time_zone.trim() ? { time_zone: w.time_zone.trim() } : {}),
    skip_holidays: w.skip_holidays,
    ...(w.spread_minutes.trim() ? { spread_minutes: int(w.spread_minutes) } : {}),
  };
}

/** One step as the API takes it; a step without a subject (LinkedIn) sends none, and no email thread. */
export function stepBody(s: StepDraft, stepNumber: number): Record<string, unknown> {
  const subject = channelHasSubject(s.channel);
  return {
    step_number: stepNumber,
    delay_days: int(s.delay_days),
    channel: s.channel,
    content_type: s.content_type,
    template_instructions: s.template_instructions,
    ...(STEP_TEMPLATE_FIELDS_ENABLED
      ? {
          subject_template: subject && s.subject_template.trim() ? s.subject_template : null,
          body_template: s.body_template.trim() ? s.body_template : null,
        }
      : {}),
    thread: subject ? s.thread : "new",
    variants: s.variants.length
      ? s.variants.map((v) => ({
          key: v.key,
          subject: subject && v.subject.trim() ? v.subject : null,
          instructions: v.instructions,
          weight: int(v.weight),
        }))
      : null,
  };
}

/** The definition fields a PATCH replaces (status has buttons of its own). */
export function definitionBody(d: CampaignDraft): Record<string, unknown> {
  return {
    name: d.name,
    type: d.type,
    owner_role: d.owner_role,
    kind: d.kind,
    approval_policy: d.approval_policy,
    required_legal_basis: d.legal_basis.length ? d.legal_basis : null,
    send_window: windowBody(d.window),
    weekly_touch_cap: d.weekly_touch_cap.trim() ? int(d.weekly_touch_cap) : null,
    team_id: d.team_id || null,
    on_exit: Object.fromEntries(
      Object.entries(d.on_exit)
        .filter(([, c]) => c !== "")
        .map(([k, c]) => [k, targetOf(c)]),
    ),
    steps: d.steps.map((s, i) => stepBody(s, i + 1)),
  };
}

export function createBody(d: CampaignDraft): Record<string, unknown> {
  return { slug: d.slug, ...definitionBody(d) };
}

export type FieldProblem = ApiResponse<"checkCampaigns">["problems"][number];

/** Schema messages from the validator, in words for people. */
function humane(message: string): string {
  return message
    .replace(/^must be integer$/, "must be a whole number")
    .replace(/^must be number$/, "must be a number")
    .replace(/^must NOT have fewer than (\d+) characters$/, (_, n) =>
      n === "1" ? "must not be empty" : `needs at least ${n} characters`,
    )
    .replace(/^must NOT have more than (\d+) characters$/, "is too long (at most $1 characters)")
    .replace(
      /^must match pattern .*$/,
      "use lowercase letters, digits and _ (starting with a letter or digit)",
    );
}

/** Every problem of an API refusal at its path ("/steps/1/delay_days"), [] for other errors. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const f = error.facts as {
    problems?: { path: string; message: string; code?: string }[];
    errors?: { path: string; message: string }[];
  };
  const out: FieldProblem[] = [];
  for (const p of f.problems ?? [])
    out.push({ path: p.path, message: p.message, code: p.code ?? error.code });
  for (const e of f.errors ?? [])
    out.push({ path: e.path.replace(/^body/, "") || "/", message: humane(e.message), code: error.code });
  if (error.code === "CAMPAIGN_SLUG_TAKEN")
    out.push({ path: "/slug", message: error.message, code: error.code });
  return out;
}

/** The problems exactly at `path`. */
export const problemsAt = (problems: readonly FieldProblem[], path: string) =>
  problems.filter((p) => p.path === path);
