// spec 000 calibration signals: promotion rate per brain per quarter (AGT-901 target >= 30%), edit
// volume, active vs cap per segment with the playbook-review flag (> 30 active), and retrospective
// outcomes vs success criteria.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { getPlayConfig, type SegmentCap } from "./play-config.ts";
import type { RetrospectiveOutcomesDoc, SuccessCriteriaDoc } from "./play-documents.ts";
import { quarterOf } from "./play-states.ts";

export const PROMOTION_TARGET = 0.3;

export interface PromotionRow {
  agent_id: string;
  quarter: string;
  drafted: number;
  activated: number;
  promotion_rate: number;
  below_target: boolean;
}

/** Drafts by quarter of drafting (copies excluded: they are not brain output), and how many reached active. */
export async function promotionRates(db: Kysely<DB>, p: Principal): Promise<PromotionRow[]> {
  const rows = await db
    .selectFrom("plays_audit")
    .select(["writer_agent_id", "created_at", "activated_at"])
    .where("client_id", "=", p.clientId)
    .where("copied_from_play_id", "is", null)
    .execute();
  const groups = new Map<string, PromotionRow>();
  for (const r of rows) {
    const quarter = quarterOf(new Date(r.created_at));
    const key = `${r.writer_agent_id}|${quarter}`;
    const g = groups.get(key) ?? {
      agent_id: r.writer_agent_id,
      quarter,
      drafted: 0,
      activated: 0,
      promotion_rate: 0,
      below_target: false,
    };
    g.drafted++;
    if (r.activated_at) g.activated++;
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({
      ...g,
      promotion_rate: g.activated / g.drafted,
      below_target: g.activated / g.drafted < PROMOTION_TARGET,
    }))
    .sort((a, b) => a.agent_id.localeCompare(b.agent_id) || a.quarter.localeCompare(b.quarter));
}

export interface EditVolume {
  per_play: {
    play_id: string;
    name: string;
    writer_agent_id: string;
    state: string;
    edits: number;
    fields_changed: string[];
  }[];
  per_agent: { agent_id: string; plays_reviewed: number; edits: number; edits_per_play: number }[];
}

export async function editVolume(db: Kysely<DB>, p: Principal): Promise<EditVolume> {
  const rows = await db
    .selectFrom("plays_audit")
    .select(["play_id", "name", "writer_agent_id", "state", "edits_during_review", "picked_up_at"])
    .where("client_id", "=", p.clientId)
    .execute();
  const perPlay = rows
    .filter((r) => r.picked_up_at)
    .map((r) => {
      const edits = ((r.edits_during_review as any[] | null) ?? []) as {
        changes?: Record<string, unknown>;
      }[];
      const fields = new Set(edits.flatMap((e) => Object.keys(e.changes ?? {})));
      return {
        play_id: r.play_id,
        name: r.name,
        writer_agent_id: r.writer_agent_id,
        state: r.state,
        edits: edits.length,
        fields_changed: [...fields].sort(),
      };
    })
    .sort((a, b) => b.edits - a.edits);
  const agents = new Map<
    string,
    { agent_id: string; plays_reviewed: number; edits: number; edits_per_play: number }
  >();
  for (const r of perPlay) {
    const a = agents.get(r.writer_agent_id) ?? {
      agent_id: r.writer_agent_id,
      plays_reviewed: 0,
      edits: 0,
      edits_per_play: 0,
    };
    a.plays_reviewed++;
    a.edits += r.edits;
    a.edits_per_play = a.edits / a.plays_reviewed;
    agents.set(r.writer_agent_id, a);
  }
  return {
    per_play: perPlay,
    per_agent: [...agents.values()].sort((a, b) => a.agent_id.localeCompare(b.agent_id)),
  };
}

export interface CapSignal {
  segments: SegmentCap[];
  account_specific_active: number;
  total_active: number;
  review_threshold: number;
  /** spec 000: sustained drift past 30 active triggers a quarterly playbook review */
  review_flag: boolean;
}

export async function capSignals(db: Kysely<DB>, p: Principal, now: Date): Promise<CapSignal> {
  const cfg = await getPlayConfig(db, p, now);
  const acct = await db
    .selectFrom("plays")
    .select(sql<number>`count(*)`.as("n"))
    .where("client_id", "=", p.clientId)
    .where("state", "=", "active")
    .where("scope", "=", "account_specific")
    .where((eb) =>
      eb.or([
        eb("active_period_end", "is", null),
        eb("active_period_end", ">=", now.toISOString().slice(0, 10)),
      ]),
    )
    .executeTakeFirstOrThrow();
  const total = cfg.segments.reduce((n, s) => n + s.active, 0) + Number(acct.n);
  return {
    segments: cfg.segments,
    account_specific_active: Number(acct.n),
    total_active: total,
    review_threshold: cfg.review_threshold,
    review_flag: total > cfg.review_threshold,
  };
}

export interface MetricComparison {
  metric: "meeting_rate" | "opp_create_rate" | "acv";
  target: number;
  actual: number | null;
  met: boolean | null;
}

/** Compares one play's outcomes with its success criteria; a metric without a measurement is undecided. */
export function compareOutcomes(
  criteria: SuccessCriteriaDoc,
  outcomes: RetrospectiveOutcomesDoc | null,
): MetricComparison[] {
  const pairs: [MetricComparison["metric"], number | undefined, number | undefined][] = [
    ["meeting_rate", criteria.meeting_rate, outcomes?.meeting_rate],
    ["opp_create_rate", criteria.opp_create_rate, outcomes?.opp_create_rate],
    ["acv", criteria.target_acv, outcomes?.acv],
  ];
  return pairs
    .filter(([, target]) => target !== undefined)
    .map(([metric, target, actual]) => ({
      metric,
      target: target!,
      actual: actual ?? null,
      met: actual === undefined ? null : actual >= target!,
    }));
}

export interface RetrospectiveRow {
  play_id: string;
  name: string;
  writer_agent_id: string;
  state: string;
  success_criteria: SuccessCriteriaDoc;
  retrospective_outcomes: RetrospectiveOutcomesDoc | null;
  comparison: MetricComparison[];
  /** true when every measured target was met, false when one was missed, null when nothing was measured */
  met_all: boolean | null;
}

export async function retrospectives(db: Kysely<DB>, p: Principal): Promise<RetrospectiveRow[]> {
  const rows = await db
    .selectFrom("plays_audit")
    .select(["play_id", "name", "writer_agent_id", "state", "success_criteria", "retrospective_outcomes"])
    .where("client_id", "=", p.clientId)
    .where("state", "in", ["active", "retired"])
    .where("activated_at", "is not", null)
    .orderBy("activated_at", "desc")
    .execute();
  return rows.map((r) => {
    const comparison = compareOutcomes(r.success_criteria, r.retrospective_outcomes);
    const measured = comparison.filter((c) => c.met !== null);
    return {
      play_id: r.play_id,
      name: r.name,
      writer_agent_id: r.writer_agent_id,
      state: r.state,
      success_criteria: r.success_criteria,
      retrospective_outcomes: r.retrospective_outcomes ?? null,
      comparison,
      met_all: measured.length === 0 ? null : measured.every((c) => c.met),
    };
  });
}
