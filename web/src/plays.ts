// Types and helpers for the plays API (spec 000).
import type { ApiResponse } from "./api-types.ts";
import { useApi } from "./use-api.ts";

export interface Play {
  play_id: string;
  state: "draft" | "under_review" | "active" | "retired";
  scope: "segment" | "account_specific";
  segment: string | null;
  account_id: string | null;
  name: string;
  hypothesis: string;
  target_definition: any;
  suggested_cadence: any;
  success_criteria: any;
  originating_proposal_id: string;
  writer_agent_id: string;
  created_at: string;
  picked_up_by_user_id: string | null;
  picked_up_at: string | null;
  edits_during_review: {
    at: string;
    by_user_id: string;
    by_name?: string;
    changes: Record<string, { from: unknown; to: unknown }>;
    approvals_withdrawn?: boolean;
  }[];
  slm_approver_user_id: string | null;
  slm_approved_at: string | null;
  revops_approver_user_id: string | null;
  revops_approved_at: string | null;
  activated_at: string | null;
  active_period_start: string | null;
  active_period_end: string | null;
  retired_at: string | null;
  retire_reason: string | null;
  copied_from_play_id: string | null;
  expired: boolean;
  updated_at: string;
}

export type SegmentCap = PlayConfig["segments"][number];

export type PlayConfig = ApiResponse<"getPlayConfig">;

/** The reasons that fit retiring from each state (the database enforces the same). */
export const RETIRE_REASONS: Record<Play["state"], string[]> = {
  draft: ["rejected_at_draft"],
  under_review: ["rejected_at_review", "replaced"],
  active: ["completed", "replaced", "poor_performance"],
  retired: [],
};

export const BRAIN_AGENTS = ["AGT-901", "AGT-902"];

/** A segment's name for a person to read (issue 60 item 5), from the plays' config; the slug until it loads. */
export function useSegmentName(): (segment: string) => string {
  const config = useApi<PlayConfig>("/api/v1/plays/config");
  const names = new Map((config.data?.segments ?? []).map((s) => [s.segment, s.name]));
  return (segment) => names.get(segment) ?? segment;
}
