// spec 000 state machine, as data: the transition table the trigger in 0010_plays_rules.sql enforces.
export const PLAY_STATES = ["draft", "under_review", "active", "retired"] as const;
export type PlayState = (typeof PLAY_STATES)[number];

export const TRANSITIONS: Readonly<Record<PlayState, readonly PlayState[]>> = {
  draft: ["under_review", "retired"],
  under_review: ["active", "retired"],
  active: ["retired"],
  retired: [], // terminal: re-launch by copying into a new draft
};

export function canTransition(from: PlayState, to: PlayState): boolean {
  return TRANSITIONS[from].includes(to);
}

export const RETIRE_REASONS = [
  "completed",
  "replaced",
  "poor_performance",
  "rejected_at_review",
  "rejected_at_draft",
  "auto_sunset",
] as const;
export type RetireReason = (typeof RETIRE_REASONS)[number];

/** The reasons that fit retiring from each state (the trigger enforces the same). */
export function retireReasonsFrom(state: PlayState): readonly RetireReason[] {
  switch (state) {
    case "draft":
      return ["rejected_at_draft"];
    case "under_review":
      return ["rejected_at_review", "replaced"];
    case "active":
      return ["completed", "replaced", "poor_performance", "auto_sunset"];
    case "retired":
      return [];
    default:
      return assertNever(state);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${String(x)}`);
}

/** spec 000 sunset: after active_period_end (a date, the last day it runs, UTC) a play is expired. */
export function isExpired(activePeriodEnd: string | null, now: Date): boolean {
  return activePeriodEnd !== null && activePeriodEnd < utcDate(now);
}

export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export type RetentionTier = "hot" | "warm" | "cold";
const DAY = 86_400_000;

/** spec 000 retention: hot = active or retired in the last 90 days; warm = 90 days to 18 months; cold after. */
export function retentionTier(state: PlayState, retiredAt: Date | null, now: Date): RetentionTier {
  if (state !== "retired" || !retiredAt) return "hot";
  if (now.getTime() - retiredAt.getTime() < 90 * DAY) return "hot";
  return retiredAt > coldCutoff(now) ? "warm" : "cold";
}

/** Plays retired before this instant are cold (18 months ago). */
export function coldCutoff(now: Date): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - 18);
  return d;
}

/** "2026-Q3" */
export function quarterOf(d: Date): string {
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}
