// The review queue (spec 000 index 3): drafts and under-review plays, newest first, filtered on the
// server by segment, brain agent and state, with the cap meter per segment above it.
import { useState } from "react";
import { CapMeter } from "../components/cap-meter.tsx";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { Pager } from "../components/pager.tsx";
import { fmtTime, label } from "../format.ts";
import { BRAIN_AGENTS, type Play, type PlayConfig } from "../plays.ts";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";

export function PlaysPage() {
  const [state, setState] = useState("");
  const [segment, setSegment] = useState("");
  const [agent, setAgent] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const config = useApi<PlayConfig>("/api/v1/plays/config");
  const queue = useApi<{ items: Play[]; next_cursor: string | null }>("/api/v1/plays/queue", {
    state,
    segment,
    agent,
    limit: 25,
    cursor: cursors.at(-1),
  });
  const setFilter = (f: (v: string) => void) => (v: string) => {
    f(v);
    setCursors([]);
  };

  return (
    <section>
      <h1 tabIndex={-1}>Play library</h1>
      <section className="card" aria-labelledby="caps-h">
        <h2 id="caps-h">Active plays per segment</h2>
        <ErrorNote error={config.error} />
        <div className="row">
          {config.data?.segments.map((s) => (
            <CapMeter key={s.segment} label={s.segment} active={s.active} cap={s.effective_cap} />
          ))}
        </div>
      </section>
      <div className="card">
        <h2>Review queue</h2>
        <search className="filters" aria-label="Filter the review queue">
          <div>
            <label htmlFor="f-state">State</label>
            <select id="f-state" value={state} onChange={(e) => setFilter(setState)(e.target.value)}>
              <option value="">Draft and under review</option>
              <option value="draft">Draft</option>
              <option value="under_review">Under review</option>
            </select>
          </div>
          <div>
            <label htmlFor="f-segment">Segment</label>
            <select id="f-segment" value={segment} onChange={(e) => setFilter(setSegment)(e.target.value)}>
              <option value="">All segments</option>
              {config.data?.segments.map((s) => (
                <option key={s.segment} value={s.segment}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-agent">Brain agent</label>
            <select id="f-agent" value={agent} onChange={(e) => setFilter(setAgent)(e.target.value)}>
              <option value="">All agents</option>
              {BRAIN_AGENTS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
        </search>
        <ErrorNote error={queue.error} />
        <CsvButton filename="play-queue" table="play-queue" />
        <div className="table-wrap">
          <table data-testid="play-queue">
            <thead>
              <tr>
                <th scope="col">Play</th>
                <th scope="col">State</th>
                <th scope="col">Segment / account</th>
                <th scope="col">Brain</th>
                <th scope="col">Drafted</th>
              </tr>
            </thead>
            <tbody>
              {queue.data?.items.map((p) => (
                <tr key={p.play_id}>
                  <td>
                    <Link to={`/plays/${p.play_id}`}>{p.name}</Link>
                  </td>
                  <td>
                    <span className={`badge ${p.state}`}>{label(p.state)}</span>
                  </td>
                  <td>{p.segment ?? `account ${p.account_id?.slice(0, 8)}`}</td>
                  <td>{p.writer_agent_id}</td>
                  <td>{fmtTime(p.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {queue.data && queue.data.items.length === 0 ? (
          <p className="muted">Nothing waiting for review.</p>
        ) : null}
        <Pager cursors={cursors} next={queue.data?.next_cursor} onChange={setCursors} />
      </div>
    </section>
  );
}
