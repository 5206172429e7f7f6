// The values the gates work on (spec 001, "Coordination gate — execution order"). A snapshot is
// everything one decision reads; it is built inside the transaction that locked the contact row,
// and decide(snapshot, now) is a pure function of it (DESIGN.md: decisions are pure).
import type { EnrollmentStatus, SequenceType } from "../../db/core-tables.ts";
import type { CoordinatorAction, GateNumber, SuppressedReason } from "../contract.ts";
import type { WindowFacts } from "../snapshot/send-window-facts.ts";

export type IcpTier = "T1" | "T2" | "T3";
export type DecisionKind = "activation" | "step" | "send";

/** Per-tenant cap policy (coordinator_config; defaults are the specs' numbers). */
export interface CapConfig {
  /** spec 001 gate 3: non-transactional touches per prospect per rolling 7 days. */
  weeklyTouchCap: number;
  /** spec 002: touches per contact per local calendar day, across campaigns. */
  dailyTouchCap: number;
  /** spec 001 matrix: how long the losing side is queued (48 h for T2; used for T1/T3 too). */
  conflictQueueHours: number;
}

export const DEFAULT_CAP_CONFIG: CapConfig = { weeklyTouchCap: 3, dailyTouchCap: 1, conflictQueueHours: 48 };

export interface ContactFacts {
  unsubscribeFlag: boolean;
  optOutFlag: boolean;
  /** IANA zone; decides what "a day" is for the daily cap. */
  timeZone: string;
  lastSalesSignalAt: Date | null;
  lastMarketingSignalAt: Date | null;
}

export interface AccountFacts {
  icpTier: IcpTier;
  abmActive: boolean;
}

export interface ConcurrentEnrollment {
  enrollmentId: string;
  sequenceType: SequenceType;
  status: EnrollmentStatus;
}

/** What gate 5 validates, per kind of request. */
export type TransitionFacts =
  | {
      kind: "activation";
      /** Status of the queued enrollment being re-requested; null for a new activation. */
      existingStatus: EnrollmentStatus | null;
      campaignStatus: "active" | "paused" | "archived";
      stepCount: number;
      /** Another live enrollment of the same contact in the same campaign. */
      alreadyEnrolled: boolean;
    }
  | {
      kind: "step";
      status: EnrollmentStatus;
      currentStep: number;
      stepCount: number;
      /** issue 56: why a reply paused it (campaign_contacts.hold_reason); gate 5 reports it */
      holdReason?: string | null;
    }
  | {
      kind: "send";
      status: EnrollmentStatus;
      holdReason?: string | null;
      itemStatus: "pending" | "drafted" | "approved" | "sent" | "failed" | "cancelled";
    };

export interface GateSnapshot {
  sequenceType: SequenceType;
  contact: ContactFacts;
  /** null when the contact has no account (treated as T2, not ABM-active). */
  account: AccountFacts | null;
  /** Non-transactional touch times of this contact; must include every one in (now - 7d, now]. */
  touches: Date[];
  config: CapConfig;
  /** The contact's other live enrollments (queued, active, paused), not the one asking. */
  concurrent: ConcurrentEnrollment[];
  transition: TransitionFacts;
  /** issue 15: suppression lists, erasure, legal basis (loadProspectFacts); absent: none apply. */
  prospect?: import("./prospect-facts.ts").ProspectFacts;
  /**
   * The campaign's send window for this touch (issue 12): gate 3 holds the step or the send until
   * the window opens (reason 'outside_send_window'). Absent or null, or a null window: no window.
   * Its campaignCap (issue 59 item 6): the campaign's weekly touch cap and the contact's latest
   * touches of this campaign; gate 3 holds at the cap like the contact's weekly cap. Its accountCap
   * (issue 61 item 5): the account's weekly cap and its latest touches to any of its contacts.
   */
  sendWindow?: WindowFacts | null;
}

/** Side effects a decision asks for (written in the same transaction as the event row). */
export type DecisionEffect =
  | { kind: "notify_originating_agent"; reason: "abm_active_suppression" }
  | { kind: "routing_error"; agentId: "AGT-202"; tier: "T3"; sequenceType: SequenceType };

/** A gate's outcome is a value, never an exception (STYLE.md). */
export interface GateOutcome {
  gate: GateNumber;
  outcome: "pass" | "hold" | "queue" | "block";
  /** suppressed_reason for gates 1-4, a gate-5 code, or null on pass. */
  reason: SuppressedReason | string | null;
  until: Date | null;
  /** How the gate resolved (e.g. the conflict-matrix cell), for the event's resolution column. */
  resolution?: string;
  effects?: DecisionEffect[];
}

/** The contract's Decision without the event id (the pure part). */
export interface DecisionCore {
  action: CoordinatorAction;
  gate: GateNumber | null;
  reason: SuppressedReason | string | null;
  until: Date | null;
  touchCapAtEvent: number;
  resolution: string;
  /** Every gate that ran, in order; the last one decided. */
  trace: GateOutcome[];
  effects: DecisionEffect[];
}

export const pass = (gate: GateNumber, extra: Partial<GateOutcome> = {}): GateOutcome => ({
  gate,
  outcome: "pass",
  reason: null,
  until: null,
  ...extra,
});
