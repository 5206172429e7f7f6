// A campaign as the API answers it (GET /api/v1/campaigns/{slug}), from the generated schema.
import type { ApiResponse } from "./api-types.ts";

export type Campaign = ApiResponse<"getCampaign">;
export type Step = Campaign["steps"][number];

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
