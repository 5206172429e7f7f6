// Retrospective review on the play page (spec 000, issue 13): the draft Baton wrote from the numbers
// when the evaluation window ended, each target met or missed, and RevOps confirms it or amends the
// outcomes; every decision is kept and listed.
import { useState } from "react";
import { post } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtDate, fmtTime, label } from "../format.ts";
import { usePeople } from "../people.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

type Retro = ApiItem<"listLearningPlayRetrospectives">;

const fmt = (metric: string, x: number | null | undefined) =>
  x === null || x === undefined
    ? "–"
    : metric === "acv"
      ? `$${x.toLocaleString("en-US")}`
      : `${(x * 100).toFixed(1)}%`;

export function RetrospectivePanel({ playId }: { playId: string }) {
  const { data, error, reload } = useApi<ApiResponse<"listLearningPlayRetrospectives">>(
    `/api/v1/learning/plays/${playId}/retrospectives`,
  );
  return (
    <section className="card" aria-labelledby="retro-h" data-testid="retrospective-panel">
      <h2 id="retro-h">Retrospectives</h2>
      <p className="row">
        <Link to={`/plays/${playId}/funnel`}>Step funnel of this play</Link>
      </p>
      <ErrorNote error={error} />
      {data && data.items.length === 0 ? (
        <p className="muted">
          No retrospective yet: Baton drafts one from the numbers when the play's evaluation window ends.
        </p>
      ) : null}
      {data?.items.map((r) => (
        <RetroCard key={r.retrospective_id} r={r} onDone={reload} />
      ))}
    </section>
  );
}

function RetroCard({ r, onDone }: { r: Retro; onDone(): void }) {
  const { has } = useSession();
  const people = usePeople();
  const action = useAction();
  const [amending, setAmending] = useState(false);
  const [form, setForm] = useState({
    meeting_rate: String(((r.outcomes.meeting_rate ?? 0) * 100).toFixed(1)),
    opp_create_rate: String(((r.outcomes.opp_create_rate ?? 0) * 100).toFixed(1)),
    acv: r.outcomes.acv === undefined ? "" : String(r.outcomes.acv),
    notes: "",
  });
  const decide = (body: unknown) =>
    action
      .run(() => post(`/api/v1/learning/retrospectives/${r.retrospective_id}/decide`, body))
      .then((ok) => {
        if (ok) {
          setAmending(false);
          onDone();
        }
      });
  const amend = () =>
    decide({
      action: "amend",
      outcomes: {
        meeting_rate: Number(form.meeting_rate) / 100,
        opp_create_rate: Number(form.opp_create_rate) / 100,
        ...(form.acv ? { acv: Number(form.acv) } : {}),
        sample_size: r.measured.enrolled,
        period: r.outcomes.period,
      },
      ...(form.notes ? { notes: form.notes } : {}),
    });
  return (
    <article data-testid="retrospective" className="retro">
      <p className="row">
        <strong>
          {fmtDate(r.window_start)} → {fmtDate(r.window_end)}
        </strong>
        <span className={`badge ${r.status === "draft" ? "pending" : "approved"}`} data-testid="retro-status">
          {label(r.status)}
        </span>
        <span className={`badge ${r.met_all ? "allow" : r.met_all === false ? "block" : ""}`}>
          {r.met_all === null ? "nothing measured" : r.met_all ? "targets met" : "target missed"}
        </span>
      </p>
      <pre className="draft-text" data-testid="retro-text" style={{ whiteSpace: "pre-wrap" }}>
        {r.draft_text}
      </pre>
      <figure>
        <figcaption className="row">
          <strong>Outcomes against success criteria</strong>
          <CsvButton filename={`retrospective-${r.window_end.slice(0, 10)}`} />
        </figcaption>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Target</th>
                <th scope="col">Outcome</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {r.comparison.map((c) => (
                <tr key={c.metric}>
                  <th scope="row">{label(c.metric)}</th>
                  <td>{fmt(c.metric, c.target)}</td>
                  <td>{fmt(c.metric, c.actual)}</td>
                  <td>{c.met === null ? "not measured" : c.met ? "met" : "missed"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>
      <ErrorNote error={action.error} />
      {has("revops") ? (
        <div className="row">
          <button type="button" disabled={action.busy} onClick={() => decide({ action: "confirm" })}>
            Confirm
          </button>
          <button type="button" className="secondary" onClick={() => setAmending(!amending)}>
            Amend…
          </button>
        </div>
      ) : (
        <p className="muted">RevOps confirms or amends retrospectives.</p>
      )}
      {amending ? (
        <form
          className="amend"
          onSubmit={(e) => {
            e.preventDefault();
            amend();
          }}
        >
          <label>
            Meeting rate (%)
            <input
              value={form.meeting_rate}
              onChange={(e) => setForm({ ...form, meeting_rate: e.target.value })}
            />
          </label>
          <label>
            Opportunity-create rate (%)
            <input
              value={form.opp_create_rate}
              onChange={(e) => setForm({ ...form, opp_create_rate: e.target.value })}
            />
          </label>
          <label>
            ACV ($)
            <input value={form.acv} onChange={(e) => setForm({ ...form, acv: e.target.value })} />
          </label>
          <label>
            Notes
            <textarea value={form.notes} onChange={(e) => setForm({ ...form, notes: e.target.value })} />
          </label>
          <button type="submit" disabled={action.busy}>
            Save amendment
          </button>
        </form>
      ) : null}
      <figure data-testid="retro-revisions" data-points={r.revisions.length}>
        <figcaption className="row">
          <strong>History</strong>{" "}
          <CsvButton filename={`retrospective-history-${r.window_end.slice(0, 10)}`} />
        </figcaption>
        {/* scrolls sideways in the side column: reachable by keyboard (axe scrollable-region-focusable) */}
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard */}
        <section className="table-wrap" tabIndex={0} aria-label="Retrospective history">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">By</th>
                <th scope="col">Meeting rate</th>
                <th scope="col">Opp-create rate</th>
                <th scope="col">ACV</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {r.revisions.map((v) => (
                <tr key={`${v.at}-${v.action}`}>
                  <td>{fmtTime(v.at)}</td>
                  <td>{label(v.action)}</td>
                  <td>{v.actor ? (people[v.actor] ?? v.actor) : "Baton"}</td>
                  <td>{fmt("rate", v.outcomes.meeting_rate)}</td>
                  <td>{fmt("rate", v.outcomes.opp_create_rate)}</td>
                  <td>{fmt("acv", v.outcomes.acv)}</td>
                  <td>{v.notes ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </figure>
    </article>
  );
}
