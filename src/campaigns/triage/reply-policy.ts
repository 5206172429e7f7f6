// A campaign's reply policy (issue 56 item 1): what a person's reply to this campaign does beyond the
// enrollment it answers, set by RevOps on the campaign definition.
//   other_campaigns  the replier's other live enrollments (any campaign)
//   colleagues       the live enrollments, in THIS campaign, of the other contacts of the replier's
//                    account: the motion that reached the account spoke to one of them (HubSpot's
//                    "unenroll other contacts at the company from this sequence", Apollo, lemlist)
// Each: nothing | pause for N days | stop. Default (null on the campaign): other campaigns pause 14
// days, colleagues nothing. Pure: parse, check, describe.
import { assertNever } from "../exit-reasons.ts";
import type { Problem } from "../validate-definition.ts";

export const REPLY_POLICY_ACTIONS = ["nothing", "pause", "stop"] as const;
export type ReplyPolicyAction = (typeof REPLY_POLICY_ACTIONS)[number];

export type ReplyPolicyEffect =
  | { action: "nothing" }
  | { action: "pause"; days: number }
  | { action: "stop" };

export interface ReplyPolicy {
  other_campaigns: ReplyPolicyEffect;
  colleagues: ReplyPolicyEffect;
}

export const DEFAULT_REPLY_POLICY: ReplyPolicy = {
  other_campaigns: { action: "pause", days: 14 },
  colleagues: { action: "nothing" },
};

export const MAX_POLICY_PAUSE_DAYS = 365;

/** The stored policy (a campaign's reply_policy column), or the default when none is set. */
export function replyPolicyOf(stored: unknown): ReplyPolicy {
  if (!stored || typeof stored !== "object") return DEFAULT_REPLY_POLICY;
  const s = stored as Partial<ReplyPolicy>;
  return {
    other_campaigns: s.other_campaigns ?? DEFAULT_REPLY_POLICY.other_campaigns,
    colleagues: s.colleagues ?? DEFAULT_REPLY_POLICY.colleagues,
  };
}

function effectProblems(path: string, e: unknown): Problem[] {
  const bad = (message: string): Problem[] => [{ code: "CAMPAIGN_REPLY_POLICY_INVALID", path, message }];
  if (!e || typeof e !== "object" || Array.isArray(e)) return bad("an object {action, days?}");
  const { action, days, ...rest } = e as { action?: unknown; days?: unknown };
  if (Object.keys(rest).length) return bad(`unknown field ${Object.keys(rest)[0]}`);
  if (!(REPLY_POLICY_ACTIONS as readonly unknown[]).includes(action))
    return bad(`action is one of ${REPLY_POLICY_ACTIONS.join(", ")}`);
  if (action === "pause") {
    if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > MAX_POLICY_PAUSE_DAYS)
      return bad(`pause takes days, a whole number from 1 to ${MAX_POLICY_PAUSE_DAYS}`);
  } else if (days !== undefined) return bad(`days goes with pause only`);
  return [];
}

/** A policy given on a definition: both parts optional (a missing part keeps the default); null: the default. */
export function replyPolicyProblems(p: unknown): Problem[] {
  if (p === null || p === undefined) return [];
  if (typeof p !== "object" || Array.isArray(p))
    return [{ code: "CAMPAIGN_REPLY_POLICY_INVALID", path: "/reply_policy", message: "an object or null" }];
  const { other_campaigns, colleagues, ...rest } = p as Record<string, unknown>;
  if (Object.keys(rest).length)
    return [
      {
        code: "CAMPAIGN_REPLY_POLICY_INVALID",
        path: `/reply_policy/${Object.keys(rest)[0]}`,
        message: "unknown field (other_campaigns, colleagues)",
      },
    ];
  return [
    ...(other_campaigns === undefined
      ? []
      : effectProblems("/reply_policy/other_campaigns", other_campaigns)),
    ...(colleagues === undefined ? [] : effectProblems("/reply_policy/colleagues", colleagues)),
  ];
}

/** In words, for the triage view and the docs. */
export function describeEffect(e: ReplyPolicyEffect, whose: string): string {
  switch (e.action) {
    case "nothing":
      return `${whose}: unchanged`;
    case "pause":
      return `${whose}: paused ${e.days} days`;
    case "stop":
      return `${whose}: stopped`;
    default:
      return assertNever(e);
  }
}
