// Brain-agent calibration by quarter (spec 000): promotion rate against the spec's 30% target,
// edit volume during review, and the retrospective hit rate.

import type { ApiResponse } from "../api-types.ts";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { useApi } from "../use-api.ts";

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);

export function AgentCalibrationTable() {
  const { data, error } = useApi<ApiResponse<"getLearningAgentCalibration">>(
    "/api/v1/learning/agents/calibration",
  );
  return (
    <figure className="chart" data-testid="chart-calibration" data-points={data?.rows.length ?? 0}>
      <figcaption className="row">
        <span>Brain agents by quarter: promotion, edits, retrospective hits</span>
        <CsvButton filename="agent-calibration" />
      </figcaption>
      <ErrorNote error={error} />
      {data ? (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Quarter</th>
                  <th scope="col">Drafted</th>
                  <th scope="col">Activated</th>
                  <th scope="col">Promotion rate (target ≥ {pct(data.thresholds.promotion_rate)})</th>
                  <th scope="col">Plays reviewed</th>
                  <th scope="col">Edits</th>
                  <th scope="col">Edits per play</th>
                  <th scope="col">Retrospectives</th>
                  <th scope="col">Hit rate</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={`${r.agent_id}-${r.quarter}`}>
                    <th scope="row">{r.agent_id}</th>
                    <td>{r.quarter}</td>
                    <td>{r.drafted}</td>
                    <td>{r.activated}</td>
                    <td>
                      {pct(r.promotion_rate)}{" "}
                      {r.promotion_below_target ? <span className="badge block">below 30%</span> : null}
                    </td>
                    <td>{r.plays_reviewed}</td>
                    <td>{r.edits}</td>
                    <td>{r.edits_per_play === null ? "–" : r.edits_per_play.toFixed(1)}</td>
                    <td>{r.retrospectives}</td>
                    <td>{r.retrospectives ? `${pct(r.hit_rate)} (${r.hits}/${r.retrospectives})` : "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">{data.thresholds.note}</p>
        </>
      ) : null}
    </figure>
  );
}
