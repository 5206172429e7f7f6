// Step funnel of a campaign or a play (issue 13): per step sent → delivered → replied → converted,
// where contacts opted out or were held, queued or blocked (by gate reason), the conversion at each
// step and the median days between steps; by week; the A/B variants panel for a campaign.
import type { ApiResponse } from "../api-types.ts";
import { BarChart } from "../components/charts.tsx";
import { CsvButton } from "../components/csv-export.tsx";
import { DemoHistoryGate } from "../components/demo-history-progress.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { label, reasonLabel } from "../format.ts";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";
import { VariantsPanel } from "./variants-panel.tsx";

// the same answer for a campaign and a play (GET /api/v1/learning/{campaigns,plays}/…/funnel)
type Funnel = ApiResponse<"getLearningCampaignFunnel" | "getLearningPlayFunnel">;
export type Figures = Funnel["totals"];

export const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`;
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
const reasons = (o: Record<string, number>) =>
  Object.entries(o)
    .map(([k, n]) => `${reasonLabel(k)} ${n}`)
    .join(", ") || "–";

export function CampaignFunnelPage({ id }: { id: string }) {
  return <FunnelView path={`/api/v1/learning/campaigns/${id}/funnel`} back={`/campaigns/${id}`} slug={id} />;
}

export function PlayFunnelPage({ id }: { id: string }) {
  return <FunnelView path={`/api/v1/learning/plays/${id}/funnel`} back={`/plays/${id}`} />;
}

function FunnelView({ path, back, slug }: { path: string; back: string; slug?: string }) {
  const { data, error, reload } = useApi<Funnel>(path);
  const f = data;
  const file = f ? `funnel-${f.scope.kind}-${slug ?? f.scope.id.slice(0, 8)}` : "funnel";
  return (
    <section>
      <h1 tabIndex={-1}>{f ? `Funnel: ${f.scope.name}` : "Funnel"}</h1>
      <p className="row">
        <Link to={back}>Back to the {f?.scope.kind ?? "page"}</Link>
        {f ? (
          <span className="muted">
            {f.totals.sent} sent · {f.totals.replied} replied ({pct(f.totals.reply_rate)}) ·{" "}
            {f.totals.converted} converted ({pct(f.totals.conversion_rate)})
          </span>
        ) : null}
      </p>
      <ErrorNote error={error} />
      <DemoHistoryGate what="The funnel's figures" onDone={reload}>
        {f ? (
          <>
            <div className="grid wide">
              <div className="card">
                <BarChart
                  testId="chart-funnel"
                  title="Sent per step (reach from step 1)"
                  bars={f.steps.map((s) => ({
                    label: `Step ${s.step_number} ${s.channel ?? ""}`,
                    value: s.sent,
                    note: `${s.sent} sent · ${pct(s.reach)} of step 1`,
                  }))}
                />
              </div>
              <div className="card">
                <BarChart
                  testId="chart-funnel-replies"
                  title="Reply rate per step"
                  unit="%"
                  bars={f.steps.map((s) => ({
                    label: `Step ${s.step_number}`,
                    value: Math.round((s.reply_rate ?? 0) * 1000) / 10,
                    note: `${pct(s.reply_rate)} (${s.replied}/${s.sent})`,
                  }))}
                />
              </div>
            </div>
            <figure className="card" data-testid="funnel-steps" data-points={f.steps.length}>
              <figcaption className="row">
                <strong>Per step</strong> <CsvButton filename={`${file}-steps`} />
              </figcaption>
              {/* wider than a laptop screen: it scrolls sideways, so the keyboard must reach it (axe) */}
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe scrollable-region-focusable) */}
              <section className="table-wrap" tabIndex={0} aria-label="Per step">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Step</th>
                      <th scope="col">Sent</th>
                      <th scope="col">Delivered</th>
                      <th scope="col">Bounced</th>
                      <th scope="col">Replied</th>
                      <th scope="col">Reply rate</th>
                      <th scope="col">Replies by class</th>
                      <th scope="col">Converted</th>
                      <th scope="col">Conversion</th>
                      <th scope="col">Opted out</th>
                      <th scope="col">Held</th>
                      <th scope="col">Queued</th>
                      <th scope="col">Blocked</th>
                      <th scope="col">Kept from previous step</th>
                      <th scope="col">Median days from previous step</th>
                      <th scope="col">Median days to reply</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sum(f.activation.held) || sum(f.activation.queued) || sum(f.activation.blocked) ? (
                      <tr>
                        <th scope="row">Activation</th>
                        <td colSpan={9} />
                        <td>{reasons(f.activation.held)}</td>
                        <td>{reasons(f.activation.queued)}</td>
                        <td>{reasons(f.activation.blocked)}</td>
                        <td colSpan={3} />
                      </tr>
                    ) : null}
                    {f.steps.map((s) => (
                      <tr key={s.step_number}>
                        <th scope="row">
                          {s.step_number}. {s.channel} {s.content_type ? `(${label(s.content_type)})` : ""}
                        </th>
                        <td>{s.sent}</td>
                        <td>{s.delivered}</td>
                        <td>{s.bounced}</td>
                        <td>{s.replied}</td>
                        <td>{pct(s.reply_rate)}</td>
                        <td>{reasons(s.replied_by_class)}</td>
                        <td>{s.converted}</td>
                        <td>{pct(s.conversion_rate)}</td>
                        <td>{s.opted_out}</td>
                        <td>{reasons(s.held)}</td>
                        <td>{reasons(s.queued)}</td>
                        <td>{reasons(s.blocked)}</td>
                        <td>{pct(s.step_conversion)}</td>
                        <td>{s.median_days_from_previous ?? "–"}</td>
                        <td>{s.median_days_to_reply ?? "–"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </figure>
            <figure className="card" data-testid="funnel-weeks" data-points={f.weeks.length}>
              <figcaption className="row">
                <strong>By week</strong> <CsvButton filename={`${file}-weeks`} />
              </figcaption>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must be reachable by keyboard (axe scrollable-region-focusable) */}
              <section className="table-wrap" tabIndex={0} aria-label="By week">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Week of</th>
                      <th scope="col">Sent</th>
                      <th scope="col">Bounced</th>
                      <th scope="col">Replied</th>
                      <th scope="col">Reply rate</th>
                      <th scope="col">Converted</th>
                      <th scope="col">Opted out</th>
                      <th scope="col">Held</th>
                      <th scope="col">Queued</th>
                      <th scope="col">Blocked</th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.weeks.map((w) => (
                      <tr key={w.week}>
                        <th scope="row">{w.week}</th>
                        <td>{w.totals.sent}</td>
                        <td>{w.totals.bounced}</td>
                        <td>{w.totals.replied}</td>
                        <td>{pct(w.totals.reply_rate)}</td>
                        <td>{w.totals.converted}</td>
                        <td>{w.totals.opted_out}</td>
                        <td>{sum(w.totals.held)}</td>
                        <td>{sum(w.totals.queued)}</td>
                        <td>{sum(w.totals.blocked)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </figure>
            {f.scope.kind === "campaign" && slug ? <VariantsPanel slug={slug} /> : null}
          </>
        ) : null}
      </DemoHistoryGate>
    </section>
  );
}
