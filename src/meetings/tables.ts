// Meetings booked through Calendly or Cal.com (0295, issue 41 item 2).
import type { ColumnType, Generated } from "kysely";

export const MEETING_PROVIDERS = ["calendly", "calcom"] as const;
export type MeetingProvider = (typeof MEETING_PROVIDERS)[number];

export interface MeetingWebhooksTable {
  client_id: string;
  id: Generated<string>;
  provider: MeetingProvider;
  secret_enc: string;
  max_age_s: Generated<number>;
  last_event_at: Date | null;
  events_count: ColumnType<string, string | undefined, string>;
  created_by_principal_id: string | null;
  created_at: Generated<Date>;
}

export interface MeetingsTable {
  client_id: string;
  id: Generated<string>;
  webhook_id: string | null;
  provider: MeetingProvider;
  provider_event_id: string;
  contact_id: string | null;
  enrollment_id: string | null;
  status: "booked" | "cancelled";
  matched_by: "token" | "email" | null;
  invitee_email: string;
  invitee_name: string | null;
  title: string | null;
  start_at: Date | null;
  end_at: Date | null;
  booked_at: Date;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  /** issue 56 item 4: a booking matched by address alone waits for a person (0343); null otherwise */
  review_status: ReviewStatus | null;
  /** the enrollments the pending booking paused, with the paused_until each had */
  held: ColumnType<HeldEnrollment[], string | undefined, string>;
  decided_by_principal_id: string | null;
  decided_at: Date | null;
  created_at: Generated<Date>;
}

export const BOOKING_REVIEW_STATUSES = ["pending", "confirmed", "dismissed"] as const;
export type ReviewStatus = (typeof BOOKING_REVIEW_STATUSES)[number];

export interface HeldEnrollment {
  enrollment_id: string;
  /** the paused_until it had before the hold (an out-of-office pause), or null (it was active) */
  paused_until: string | null;
}

export interface MeetingsTables {
  meeting_webhooks: MeetingWebhooksTable;
  meetings: MeetingsTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends MeetingsTables {}
}
