// A play as the API and CLI show it: every spec 000 field plus what is derived (expired, tier, history).
import type { Selectable } from "kysely";
import type { PlaysTable } from "../db/core-tables.ts";
import { isExpired, type PlayState, type RetentionTier, retentionTier } from "./play-states.ts";

export type PlayRow = Selectable<PlaysTable> & { archived_at?: Date | null };

const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

export interface PlayView {
  play_id: string;
  state: PlayState;
  scope: "segment" | "account_specific";
  segment: string | null;
  account_id: string | null;
  name: string;
  hypothesis: string;
  target_definition: unknown;
  suggested_cadence: unknown;
  success_criteria: unknown;
  originating_proposal_id: string;
  writer_agent_id: string;
  created_at: string;
  picked_up_by_user_id: string | null;
  picked_up_at: string | null;
  edits_during_review: unknown[];
  slm_approver_user_id: string | null;
  slm_approved_at: string | null;
  revops_approver_user_id: string | null;
  revops_approved_at: string | null;
  activated_at: string | null;
  active_period_start: string | null;
  active_period_end: string | null;
  retired_at: string | null;
  retired_by_user_id: string | null;
  retire_reason: string | null;
  retrospective_outcomes: unknown;
  copied_from_play_id: string | null;
  updated_at: string;
  /** derived: past active_period_end (spec 000 sunset) */
  expired: boolean;
  /** derived: spec 000 retention tier */
  tier: RetentionTier;
  archived: boolean;
}

export function toPlayView(r: PlayRow, now: Date): PlayView {
  const retiredAt = r.retired_at ? new Date(r.retired_at) : null;
  return {
    play_id: r.play_id,
    state: r.state,
    scope: r.scope,
    segment: r.segment,
    account_id: r.account_id,
    name: r.name,
    hypothesis: r.hypothesis,
    target_definition: r.target_definition,
    suggested_cadence: r.suggested_cadence,
    success_criteria: r.success_criteria,
    originating_proposal_id: r.originating_proposal_id,
    writer_agent_id: r.writer_agent_id,
    created_at: iso(r.created_at)!,
    picked_up_by_user_id: r.picked_up_by_user_id,
    picked_up_at: iso(r.picked_up_at),
    edits_during_review: (r.edits_during_review as unknown[] | null) ?? [],
    slm_approver_user_id: r.slm_approver_user_id,
    slm_approved_at: iso(r.slm_approved_at),
    revops_approver_user_id: r.revops_approver_user_id,
    revops_approved_at: iso(r.revops_approved_at),
    activated_at: iso(r.activated_at),
    active_period_start: r.active_period_start,
    active_period_end: r.active_period_end,
    retired_at: iso(r.retired_at),
    retired_by_user_id: r.retired_by_user_id,
    retire_reason: r.retire_reason,
    retrospective_outcomes: r.retrospective_outcomes ?? null,
    copied_from_play_id: r.copied_from_play_id,
    updated_at: iso(r.updated_at)!,
    expired: r.state === "active" && isExpired(r.active_period_end, now),
    tier: r.archived_at ? "cold" : retentionTier(r.state, retiredAt, now),
    archived: Boolean(r.archived_at),
  };
}

export interface HistoryEvent {
  at: string;
  event:
    | "drafted"
    | "copied"
    | "picked_up"
    | "edited"
    | "approved_slm"
    | "approved_revops"
    | "activated"
    | "retired";
  by: string | null;
  detail?: unknown;
}

/** The play's history, rebuilt from its lifecycle fields and its edit log (both written by the database). */
export function playHistory(v: PlayView): HistoryEvent[] {
  const out: HistoryEvent[] = [
    v.copied_from_play_id
      ? {
          at: v.created_at,
          event: "copied",
          by: null,
          detail: { copied_from_play_id: v.copied_from_play_id },
        }
      : {
          at: v.created_at,
          event: "drafted",
          by: v.writer_agent_id,
          detail: { originating_proposal_id: v.originating_proposal_id },
        },
  ];
  if (v.picked_up_at) out.push({ at: v.picked_up_at, event: "picked_up", by: v.picked_up_by_user_id });
  for (const e of v.edits_during_review as any[]) {
    out.push({
      at: e.at,
      event: "edited",
      by: e.by_user_id,
      detail: { fields: Object.keys(e.changes ?? {}), approvals_withdrawn: e.approvals_withdrawn },
    });
  }
  if (v.slm_approved_at)
    out.push({ at: v.slm_approved_at, event: "approved_slm", by: v.slm_approver_user_id });
  if (v.revops_approved_at)
    out.push({ at: v.revops_approved_at, event: "approved_revops", by: v.revops_approver_user_id });
  if (v.activated_at)
    out.push({
      at: v.activated_at,
      event: "activated",
      by: null,
      detail: { active_period_start: v.active_period_start, active_period_end: v.active_period_end },
    });
  if (v.retired_at)
    out.push({
      at: v.retired_at,
      event: "retired",
      by: v.retired_by_user_id,
      detail: { retire_reason: v.retire_reason },
    });
  return out.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}
