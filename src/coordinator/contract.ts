// The coordinator's contract with the rest of Baton (DESIGN.md: the coordinator is the ONLY path
// to an activation or a touch). Implemented in src/coordinator/*; the engine and the campaigns
// call these and nothing else to activate sequences, gate steps, gate sends and record touches.
//
// Every function takes a transaction handle (`tx`) and `now` (time is a parameter). Each one locks
// the contact row (SELECT … FOR UPDATE) before it reads what it counts, so concurrent workers
// cannot both pass a cap, and each one writes exactly one cadence_event_log row for its decision.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";

export type { SequenceType } from "../db/core-tables.ts";
export type { CoordinatorNotice } from "./coordinator-notice.ts";

export type SuppressedReason =
  | "compliance_block"
  | "abm_active_suppression"
  | "touch_cap_exceeded"
  /** issue 61 item 5: held by the account's weekly cap (all its contacts), not the contact's own (gate 3). */
  | "account_cap_exceeded"
  | "conflict_resolved_queued"
  /** issue 12: held until the campaign's send window opens in the contact's zone (gate 3). */
  | "outside_send_window"
  /** issue 15: blocked at gate 1, the campaign requires a legal basis the contact lacks. */
  | "legal_basis_missing";

export type CoordinatorAction = "allow" | "hold" | "queue" | "block";
export type GateNumber = 1 | 2 | 3 | 4 | 5;

/** A gate's outcome is a value, not an exception (STYLE.md). */
export interface Decision {
  action: CoordinatorAction;
  /** The first gate that did not pass; null when allowed. */
  gate: GateNumber | null;
  /** suppressed_reason for gates 1-4; for gate 5 a code such as 'illegal_transition'; null when allowed. */
  reason: SuppressedReason | string | null;
  /** For hold and queue: when it may go. */
  until: Date | null;
  /** The cadence_event_log row written for this decision. */
  eventId: number;
  /** Non-transactional touches counted in the rolling 7-day window at decision time. */
  touchCapAtEvent: number;
}

export interface ActivationRequest {
  clientId: string;
  contactId: string;
  campaignId: string;
  /** The person or agent asking; null for the engine itself (on_exit chains, play execution). */
  requestedBy: Principal | null;
  originatingAgentId?: string | null;
  goal?: string | null;
  notes?: string | null;
}

/**
 * spec 001: every sequence activation request runs gates 1-5.
 * - allow: creates the enrollment (campaign_contacts, status 'active', current_step 1,
 *   enrolled_at = now, next_send_at = now + delay_days(step 1)), carrying the campaign's play_id
 *   and the play's originating_proposal_id.
 * - queue (gate 4): creates the enrollment with status 'queued' and next_send_at = until; the
 *   engine calls requestActivation again for it when due (pass existingEnrollmentId).
 * - hold (gate 3) at activation: as queue, status 'queued', next_send_at = until.
 * - block: no enrollment row (or, for an existing queued one, status 'cancelled').
 */
export type RequestActivation = (
  tx: Kysely<DB>,
  req: ActivationRequest & { existingEnrollmentId?: string },
  now: Date,
) => Promise<{ decision: Decision; enrollmentId: string | null }>;

/**
 * spec 001: every due step. The engine calls it inside its transaction, with the enrollment
 * claimed. allow: the engine creates the send item and drafts it. hold/queue: the coordinator has
 * set the enrollment's next_send_at = until (the step waits, it is not dropped). block at gate 1:
 * the coordinator has terminated the enrollment (status 'opted_out').
 */
export type GateStep = (
  tx: Kysely<DB>,
  req: { clientId: string; enrollmentId: string },
  now: Date,
  opts?: GateStepOptions,
) => Promise<Decision>;

export interface GateStepOptions {
  /**
   * The caller's transaction ends with this decision (an API call that gates one step): an allow or
   * hold/queue write without effects carries the transaction's COMMIT in its round trip
   * (db/pipelined-driver.ts). The transaction is then over, and the caller must not use it again.
   * A block, or a decision with effects to record, leaves the commit to the caller as usual.
   */
  endsTransaction?: boolean;
}

/*
 * Sends are gated and touches recorded in batches (index.ts; a single send is a batch of one):
 * - gateSendsBatch: gates 1 and 3 again at send time, in the same transaction as the send record.
 *   allow: the caller marks the item sent and records its touch in the same transaction. hold: the
 *   caller sets the item's scheduled_at = until. block: the caller cancels the item.
 * - recordTouchesBatch: a touch is a sent (or, for LinkedIn, completed) step. Writes event_type
 *   'touch' with the enrollment's lineage and sets contacts.last_touch_at / current_step. Caps count
 *   these rows.
 */

export type OptOutFlag = "unsubscribe" | "opt_out";

/**
 * Opt-out propagation, in ONE transaction: sets the flag and opted_out_at, terminates every live
 * enrollment of the contact (status 'opted_out'), cancels every unsent send item and pending
 * draft, and logs it. Idempotent. Nothing is sent after it commits, because gateSend re-reads the
 * flag under the same row lock.
 */
export type OptOut = (
  db: Kysely<DB>,
  actor: Principal | null,
  req: { clientId: string; contactId: string; flag: OptOutFlag; source: string },
  now: Date,
) => Promise<{ alreadyOptedOut: boolean; enrollmentsTerminated: number; itemsCancelled: number }>;
