// Types and helpers for the plays API (spec 000).
import type { ApiResponse, Schema } from "./api-types.ts";
import { useApi } from "./use-api.ts";

export type Play = Schema<"Play">;

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
