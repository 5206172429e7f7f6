// An active play's documents in the format agreed with the plays module (spec 000:
// "suggested_cadence — in the format AGT-302 expects"), and how they become a campaign:
// suggested_cadence.steps → campaign_sequences (day → delay_days, days from enrollment, spec 002).
import { type ChannelName, CONTENT_TYPES, isChannelName } from "../channels/contract.ts";
import type { SequenceType } from "../db/core-tables.ts";

export interface TargetDefinition {
  icp_tiers?: ("T1" | "T2" | "T3")[];
  verticals?: string[];
  lifecycle_stages?: string[];
  intent_signals?: string[];
}

export interface CadenceStep {
  day: number;
  channel: ChannelName;
  content_type: string;
  instructions: string;
}

export interface SuggestedCadence {
  cadence_type: "sales" | "nurture" | "marketing" | "abm";
  template_id?: string;
  touches_per_week?: number;
  steps: CadenceStep[];
}

export interface CampaignPlan {
  slug: string;
  kind: SequenceType;
  owner_role: string;
  steps: {
    step_number: number;
    delay_days: number;
    channel: ChannelName;
    content_type: string;
    template_instructions: string;
  }[];
}

/** `play_<first 12 hex of the play id>`: stable, so a rerun finds the campaign it made. */
export function playCampaignSlug(playId: string): string {
  return `play_${playId.replace(/-/g, "").slice(0, 12).toLowerCase()}`;
}

/**
 * The campaign a play runs as. The plays module validates the documents at write time; this is
 * defensive all the same (steps sorted by day, unknown content types become follow_up with the
 * original named in the instructions), because a campaign must always satisfy its own checks.
 */
export function planCampaign(playId: string, cadence: SuggestedCadence): CampaignPlan {
  const steps = [...(cadence.steps ?? [])]
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.day - b.s.day || a.i - b.i)
    .map(({ s }, i) => {
      const known = (CONTENT_TYPES as readonly string[]).includes(s.content_type);
      return {
        step_number: i + 1,
        delay_days: Math.max(0, Math.floor(Number(s.day) || 0)),
        channel: isChannelName(s.channel) ? s.channel : ("email" as const),
        content_type: known ? s.content_type : "follow_up",
        template_instructions: known ? s.instructions : `[${s.content_type}] ${s.instructions}`,
      };
    });
  const kind = cadence.cadence_type;
  return {
    slug: playCampaignSlug(playId),
    kind,
    owner_role: kind === "sales" || kind === "abm" ? "roles.sales" : "roles.marketing",
    steps,
  };
}

/** Is the play inside its active period on this UTC date? (spec 000: active_period_end is the auto-stop) */
export function inActivePeriod(start: string | null, end: string | null, today: string): boolean {
  return (start === null || start <= today) && (end === null || end >= today);
}
