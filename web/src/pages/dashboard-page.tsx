// RevOps dashboard (spec 000 calibration signals, spec 001 event log): caps, drift past the review
// line, promotion rates vs 30%, edit volume, touches, suppressions, the cohort retrospective, and
// the open flags, resolvable here.
import type { ApiResponse } from "../api-types.ts";
import { BarChart, LineChart } from "../components/charts.tsx";
import { CsvButton } from "../components/csv-export.tsx";
import { DemoHistoryGate } from "../components/demo-history-progress.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { FlagsPanel } from "../components/flags-panel.tsx";
import { reasonLabel } from "../format.ts";
import { useApi } from "../use-api.ts";
import { AgentCalibrationTable } from "./retrospective-calibration.tsx";

type Dashboard = ApiResponse<"getWorkspaceDashboard">;

export function DashboardPage() {
  const { data, error, reload } = useApi<Dashboard>("/api/v1/workspace/dashboard");
  return (
    <section>
      <h1 tabIndex={-1}>RevOps dashboard</h1>
      <ErrorNote error={error} />
      <DemoHistoryGate what="The charts" onDone={reload}>
        {data ? (
          <>
            <div className="grid wide">
              <div className="card">
                <BarChart
                  testId="chart-caps"
                  title="Active plays vs cap, per segment"
                  bars={data.segments.map((s) => ({
                    label: s.name,
                    value: s.active,
                    max: s.cap,
                    note: `${s.active} of ${s.cap} active`,
                  }))}
                />
              </div>
              <div className="card">
                <LineChart
                  testId="chart-active-over-time"
                  title="Total active plays over time (weekly)"
                  points={data.active_over_time.map((p) => ({ x: p.week.slice(5), y: p.active }))}
                  reference={data.review_threshold}
                  referenceLabel={`${data.review_threshold}: playbook review`}
                />
              </div>
              <div className="card">
                <BarChart
                  testId="chart-promotion"
                  title="Promotion rate per brain agent per quarter"
                  bars={data.promotion.map((p) => ({
                    label: `${p.agent_id} ${p.quarter}`,
                    value: Math.round(p.rate * 100),
                    note: `${Math.round(p.rate * 100)}% (${p.promoted}/${p.drafted})`,
                  }))}
                  target={Math.round(data.promotion_target * 100)}
                  targetLabel={`target ${Math.round(data.promotion_target * 100)}%`}
                  unit="%"
                />
              </div>
              <div className="card">
                <BarChart
                  testId="chart-edits"
                  title="Edit volume during review, per brain agent"
                  bars={data.edit_volume.map((e) => ({
                    label: e.agent_id,
                    value: e.edits,
                    note: `${e.edits} edits over ${e.plays} plays (${e.per_play.toFixed(1)}/play)`,
                  }))}
                />
              </div>
              <div className="card">
                <LineChart
                  testId="chart-touches"
                  title="Touches per day (last 30 days)"
                  points={data.touches_per_day.map((t) => ({ x: t.day.slice(5), y: t.touches }))}
                />
              </div>
              <div className="card">
                <BarChart
                  testId="chart-suppressions"
                  title="Suppressions and holds by reason (last 30 days)"
                  bars={data.suppressions.map((s) => ({
                    label: `${reasonLabel(s.reason)} (${s.action})`,
                    value: s.count,
                  }))}
                />
              </div>
            </div>
            <div className="card">
              <CohortTable cohorts={data.cohorts} />
            </div>
            <div className="card">
              <AgentCalibrationTable />
            </div>
            <div className="card">
              <FlagsPanel onChange={reload} />
            </div>
          </>
        ) : null}
      </DemoHistoryGate>
    </section>
  );
}

function CohortTable({ cohorts }: { cohorts: Dashboard["cohorts"] }) {
  return (
    <figure className="chart" data-testid="chart-cohorts" data-points={cohorts.length}>
      <figcaption className="row">
        <span>Cohort retrospective: brain-co-designed plays vs the rest</span>
        <CsvButton filename="cohort-retrospective" />
      </figcaption>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Cohort</th>
              <th scope="col">Plays / campaigns</th>
              <th scope="col">Enrollments</th>
              <th scope="col">Converted</th>
              <th scope="col">Conversion</th>
              <th scope="col">Touches (quarter)</th>
              <th scope="col">Replies (quarter)</th>
            </tr>
          </thead>
          <tbody>
            {cohorts.map((c) => (
              <tr key={c.cohort}>
                <th scope="row">{c.cohort === "brain" ? "Brain-co-designed" : "Without a brain"}</th>
                <td>{c.sources}</td>
                <td>{c.enrollments}</td>
                <td>{c.converted}</td>
                <td>
                  <span className="meter">
                    <span className="track">
                      <span
                        className="fill"
                        style={{ width: `${Math.round(c.conversion_rate * 100)}%`, display: "block" }}
                      />
                    </span>
                    {Math.round(c.conversion_rate * 100)}%
                  </span>
                </td>
                <td>{c.touches}</td>
                <td>{c.replies}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
