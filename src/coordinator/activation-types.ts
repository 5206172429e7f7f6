// The shapes of a list of activation requests (spec 001 sequence activation; issue 14 item 7): what
// each request asks and what it answers, and what request-activations.ts reads and decides for each
// before write-activations.ts writes it.
import type { EnrollmentStatus, SequenceType } from "../db/core-tables.ts";
import type { BatonError } from "../errors/baton-error.ts";
import type { ActivationRequest, Decision } from "./contract.ts";
import type { DecisionCore } from "./gates/types.ts";
import type { ActivationCampaign } from "./load-campaigns.ts";
import type { ContactFactRow } from "./snapshot/batch-snapshot.ts";

export type ActivationInput = ActivationRequest & { existingEnrollmentId?: string };
export type ActivationOutcome = { decision: Decision; enrollmentId: string | null } | { error: BatonError };

export type LockedRow = ContactFactRow & { contact_id: string };
export type Existing = { id: string; status: EnrollmentStatus; contact_id: string; campaign_id: string };
export type Live = {
  id: string;
  contact_id: string;
  campaign_id: string;
  sequence_type: SequenceType;
  status: EnrollmentStatus;
};
/** What a decision writes to its enrollment. */
export type EnrollmentWrite =
  | { kind: "insert" | "update"; status: "active" | "queued"; at: Date | null }
  | { kind: "end"; status: "opted_out" | "cancelled"; reason: string };
export type Decided = {
  i: number;
  req: ActivationInput;
  campaign: ActivationCampaign;
  accountId: string | null;
  d: DecisionCore;
  existing: Existing | null;
  write: EnrollmentWrite | null;
};
