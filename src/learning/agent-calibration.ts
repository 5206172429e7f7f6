// Brain-agent calibration by quarter (spec 000 "Calibration signals"): promotion rate (active /
// drafted, target ≥ 30% per AGT-901's eval criteria), edit volume during review, and the
// retrospective hit rate (decided retrospectives whose every measured target was met).
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import type { RetrospectiveOutcomesDoc, SuccessCriteriaDoc } from "../plays/index.ts";
import { compareOutcomes, PROMOTION_TARGET, promotionRates, quarterOf } from "../plays/index.ts";
import { metAll } from "./retrospectives.ts";

export interface AgentQuarter {
  agent_id: string;
  quarter: string;
  drafted: number;
  activated: number;
  promotion_rate: number | null;
  /** spec 000: below 30% the brain is not aligned with leadership criteria */
  promotion_below_target: boolean;
  plays_reviewed: number;
  edits: number;
  edits_per_play: number | null;
  retrospectives: number;
  hits: number;
  hit_rate: number | null;
}

export interface AgentCalibration {
  thresholds: { promotion_rate: number; edit_volume: null; hit_rate: null; note: string };
  rows: AgentQuarter[];
}

export async function agentCalibration(db: Kysely<DB>, p: Principal): Promise<AgentCalibration> {
  const rows = new Map<string, AgentQuarter>();
  const row = (agent: string, quarter: string) => {
    const k = `${agent}|${quarter}`;
    let r = rows.get(k);
    if (!r) {
      r = {
        agent_id: agent,
        quarter,
        drafted: 0,
        activated: 0,
        promotion_rate: null,
        promotion_below_target: false,
        plays_reviewed: 0,
        edits: 0,
        edits_per_play: null,
        retrospectives: 0,
        hits: 0,
        hit_rate: null,
      };
      rows.set(k, r);
    }
    return r;
  };
  for (const pr of await promotionRates(db, p)) {
    const r = row(pr.agent_id, pr.quarter);
    r.drafted = pr.drafted;
    r.activated = pr.activated;
  }
  const reviewed = await db
    .selectFrom("plays_audit")
    .select(["writer_agent_id", "picked_up_at", "edits_during_review"])
    .where("client_id", "=", p.clientId)
    .where("picked_up_at", "is not", null)
    .execute();
  for (const v of reviewed) {
    const r = row(v.writer_agent_id, quarterOf(new Date(v.picked_up_at as Date)));
    r.plays_reviewed++;
    r.edits += ((v.edits_during_review as unknown[] | null) ?? []).length;
  }
  const retros = await db
    .selectFrom("learning_retrospectives as r")
    .innerJoin("plays as p", (j) =>
      j.onRef("p.client_id", "=", "r.client_id").onRef("p.play_id", "=", "r.play_id"),
    )
    .select(["p.writer_agent_id", "p.success_criteria", "r.outcomes", "r.window_end"])
    .where("r.client_id", "=", p.clientId)
    .where("r.status", "in", ["confirmed", "amended"])
    .execute();
  for (const x of retros) {
    const met = metAll(
      compareOutcomes(x.success_criteria as SuccessCriteriaDoc, x.outcomes as RetrospectiveOutcomesDoc),
    );
    if (met === null) continue;
    const r = row(x.writer_agent_id, quarterOf(new Date(x.window_end)));
    r.retrospectives++;
    if (met) r.hits++;
  }
  for (const r of rows.values()) {
    r.promotion_rate = r.drafted ? r.activated / r.drafted : null;
    r.promotion_below_target = r.promotion_rate !== null && r.promotion_rate < PROMOTION_TARGET;
    r.edits_per_play = r.plays_reviewed ? r.edits / r.plays_reviewed : null;
    r.hit_rate = r.retrospectives ? r.hits / r.retrospectives : null;
  }
  return {
    thresholds: {
      promotion_rate: PROMOTION_TARGET,
      edit_volume: null,
      hit_rate: null,
      note: "spec 000 sets a number only for the promotion rate (≥ 30% per brain per quarter); heavy edits and missed retrospectives are read against the agent's own history.",
    },
    rows: [...rows.values()].sort(
      (a, b) => a.agent_id.localeCompare(b.agent_id) || a.quarter.localeCompare(b.quarter),
    ),
  };
}
