// A due approved email item as the send phase locks it (send-approved.ts LOCKED_ITEM_FROM).
export type Locked = {
  id: string;
  client_id: string;
  contact_id: string;
  idempotency_key: string;
  attempts: number;
  scheduled_at: Date;
  to_id: string;
  subject: string | null;
  body: string;
  kind: string;
  enrollment_id: string;
  campaign_id: string;
  step_number: number;
  thread: "new" | "follow_up" | null;
};
