// The inserts of a step's drafts and send items as fixed texts (db/json-rows.ts; issue 39 item 5):
// however many rows a batch has, one named statement each, its rows in one JSON parameter. Every
// column is returned, by name (a named statement's result type is fixed; `returning *` would not
// be named), and the engine's claim reads an enrollment's columns the same way:
// test/engine/staged-rows.test.ts checks that these lists are the tables' columns.
import type { Insertable } from "kysely";
import type { SalesSendQueueTable } from "../db/core-tables.ts";
import { type JsonRowsInsert, TIMESTAMPTZ, typed } from "../db/json-rows.ts";

export const SEND_ITEM_COLUMNS = [
  "id",
  "client_id",
  "contact_id",
  "campaign_id",
  "enrollment_id",
  "step_number",
  "channel",
  "staged_draft_id",
  "scheduled_at",
  "sent_at",
  "status",
  "error",
  "idempotency_key",
  "attempts",
  "play_id",
  "originating_proposal_id",
  "claimed_by",
  "claimed_until",
  "created_at",
  "updated_at",
  "variant",
] as const;

export const DRAFT_COLUMNS = [
  "id",
  "client_id",
  "send_item_id",
  "channel",
  "to_id",
  "subject",
  "body",
  "original_body",
  "context",
  "requires_personal_send",
  "status",
  "drafted_by",
  "decided_by_user_id",
  "decided_at",
  "reject_reason",
  "created_at",
] as const;

export const ENROLLMENT_COLUMNS = [
  "id",
  "client_id",
  "contact_id",
  "campaign_id",
  "status",
  "current_step",
  "next_send_at",
  "enrolled_at",
  "exited_at",
  "exit_reason",
  "goal",
  "notes",
  "sequence_type",
  "originating_agent_id",
  "requested_by_principal_id",
  "play_id",
  "originating_proposal_id",
  "paused_until",
  "hold_reason",
  "claimed_by",
  "claimed_until",
  "updated_at",
] as const;

/** A rep task's columns (listMyTasks, completeRepTasks: a named statement's result is fixed). */
export const REP_TASK_COLUMNS = [
  "id",
  "client_id",
  "kind",
  "assignee_role",
  "assignee_principal_id",
  "send_item_id",
  "enrollment_id",
  "contact_id",
  "channel",
  "to_id",
  "subject",
  "body",
  "status",
  "created_at",
  "due_at",
  "done_at",
  "done_by_principal_id",
  "skip_reason",
  "skip_note",
  "outcome",
  "at_once_at",
  "at_once_held",
  "signal_action_id",
] as const;

/** New send items; a key that exists already is skipped (its row is not returned). */
export const SEND_ITEM_INSERT: JsonRowsInsert = {
  table: "sales_send_queue",
  columns: SEND_ITEM_COLUMNS,
  types: {
    ...typed("uuid", "id", "contact_id", "campaign_id", "enrollment_id", "staged_draft_id"),
    ...typed("uuid", "play_id", "originating_proposal_id"),
    ...typed(TIMESTAMPTZ, "scheduled_at", "sent_at", "created_at", "updated_at", "claimed_until"),
    ...typed("integer", "step_number", "attempts"),
  },
  defaults: {
    id: "gen_random_uuid()",
    status: "'pending'",
    attempts: "0",
    created_at: "now()",
    updated_at: "now()",
  },
  onConflict: "on conflict (idempotency_key, client_id) do nothing",
  returning: SEND_ITEM_COLUMNS,
};

/** New drafts (`context` given as the object itself, not its JSON text). */
export const DRAFT_INSERT: JsonRowsInsert = {
  table: "staged_drafts",
  columns: DRAFT_COLUMNS,
  types: {
    ...typed("uuid", "id", "send_item_id", "decided_by_user_id"),
    ...typed(TIMESTAMPTZ, "decided_at", "created_at"),
    context: "jsonb",
    requires_personal_send: "boolean",
  },
  defaults: {
    id: "gen_random_uuid()",
    requires_personal_send: "false",
    status: "'pending'",
    created_at: "now()",
  },
  returning: DRAFT_COLUMNS,
};

/**
 * The step's own inserts (insertStagedItems): the drafts return nothing and the items their ids
 * alone (the keys that were new). The step wrote every other value itself; reading back each
 * draft's body and context and each item's 21 columns was a third of what a worker read from the server
 * a step (docs/performance-journal.md 1c.6).
 */
export const DRAFT_INSERT_UNREAD: JsonRowsInsert = { ...DRAFT_INSERT, returning: undefined };
export const SEND_ITEM_INSERT_IDS: JsonRowsInsert = { ...SEND_ITEM_INSERT, returning: ["id"] };

/** What an item's plan leaves to its insert: its draft, state and claim (null: the column's default). */
export type ItemState = {
  staged_draft_id?: string;
  status?: "pending" | "drafted" | "approved" | "sent" | "failed";
  error?: string | null;
  attempts?: number;
  scheduled_at?: Date;
  sent_at?: Date | null;
  updated_at?: Date;
  claimed_by?: string;
  claimed_until?: Date;
};

/**
 * A send item's row for SEND_ITEM_INSERT: one object literal of one shape (an object built by
 * spreading is a slow one for JSON.stringify: 4–7 µs a row against 17–29 measured for an event row).
 */
export function sendItemRow(v: Omit<Insertable<SalesSendQueueTable>, "id">, id: string, s: ItemState) {
  return {
    id,
    client_id: v.client_id,
    contact_id: v.contact_id,
    campaign_id: v.campaign_id,
    enrollment_id: v.enrollment_id,
    step_number: v.step_number,
    channel: v.channel,
    staged_draft_id: s.staged_draft_id ?? null,
    scheduled_at: s.scheduled_at ?? v.scheduled_at,
    sent_at: s.sent_at ?? v.sent_at ?? null,
    status: s.status ?? null,
    error: s.error ?? null,
    idempotency_key: v.idempotency_key,
    attempts: s.attempts ?? v.attempts ?? null,
    play_id: v.play_id ?? null,
    originating_proposal_id: v.originating_proposal_id ?? null,
    claimed_by: s.claimed_by ?? null,
    claimed_until: s.claimed_until ?? null,
    created_at: v.created_at ?? null,
    updated_at: s.updated_at ?? null,
    variant: v.variant ?? null,
  };
}
