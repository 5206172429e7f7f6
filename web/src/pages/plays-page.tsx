// The play library (spec 000, issue 37 item 6): every play by state (draft, under review, active,
// retired) with filters by segment, brain agent and words, all in the address so a view can be
// bookmarked and shared; above it, active plays per segment against each cap, which RevOps sets.
import { useState } from "react";
import type { ApiResponse } from "../api-types.ts";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { Pager } from "../components/pager.tsx";
import { SegmentCaps } from "../components/segment-caps.tsx";
import { fmtTime, label } from "../format.ts";
import { BRAIN_AGENTS, type PlayConfig } from "../plays.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { useApi } from "../use-api.ts";

const STATES: { value: string; title: string }[] = [
  { value: "", title: "All" },
  { value: "draft", title: "Draft" },
  { value: "under_review", title: "Under review" },
  { value: "active", title: "Active" },
  { value: "retired", title: "Retired" },
];

/** The library's address for a set of filters (empty ones left out). */
function libraryPath(f: Record<string, string>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `/plays?${s}` : "/plays";
}

export function PlaysPage() {
  const { search } = useLocation();
  const filters = {
    state: STATES.some((s) => s.value === search.get("state")) ? (search.get("state") ?? "") : "",
    segment: search.get("segment") ?? "",
    agent: search.get("agent") ?? "",
    q: search.get("q") ?? "",
  };
  const [text, setText] = useState(filters.q);
  const [cursors, setCursors] = useState<string[]>([]);
  const config = useApi<PlayConfig>("/api/v1/plays/config");
  const names = new Map((config.data?.segments ?? []).map((s) => [s.segment, s.name]));
  const segmentName = (segment: string) => names.get(segment) ?? segment;
  const plays = useApi<ApiResponse<"listPlays">>("/api/v1/plays", {
    ...filters,
    limit: 25,
    cursor: cursors.at(-1),
  });
  const go = (change: Partial<typeof filters>) => {
    setCursors([]);
    navigate(libraryPath({ ...filters, ...change }));
  };
  const items = plays.data?.items;
  const stateTitle = STATES.find((s) => s.value === filters.state)?.title ?? "All";

  return (
    <section>
      <h1 tabIndex={-1}>Play library</h1>
      <section className="card" aria-labelledby="caps-h">
        <h2 id="caps-h">Active plays per segment</h2>
        <ErrorNote error={config.error} />
        <SegmentCaps config={config.data} onChanged={config.reload} />
      </section>
      <div className="card">
        <h2 id="plays-h">Plays</h2>
        <nav aria-label="Plays by state" className="tabs">
          <ul>
            {STATES.map((s) => (
              <li key={s.value || "all"}>
                <Link
                  to={libraryPath({ ...filters, state: s.value })}
                  aria-current={filters.state === s.value ? "page" : undefined}
                  onClick={() => setCursors([])}
                >
                  {s.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <search className="filters" aria-label="Filter the plays">
          <div>
            <label htmlFor="f-segment">Segment</label>
            <select id="f-segment" value={filters.segment} onChange={(e) => go({ segment: e.target.value })}>
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
            <select id="f-agent" value={filters.agent} onChange={(e) => go({ agent: e.target.value })}>
              <option value="">All agents</option>
              {BRAIN_AGENTS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </div>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              go({ q: text.trim() });
            }}
          >
            <div>
              <label htmlFor="f-q">Words in the name or hypothesis</label>
              <input id="f-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
            </div>
            <button type="submit">Search</button>
          </form>
        </search>
        <ErrorNote error={plays.error} />
        {!items && !plays.error ? (
          <p className="muted" aria-busy="true" data-testid="plays-loading">
            Loading plays…
          </p>
        ) : null}
        {items && items.length === 0 ? (
          <p className="muted" data-testid="plays-empty">
            No {filters.state ? `${stateTitle.toLowerCase()} ` : ""}plays
            {filters.segment || filters.agent || filters.q ? " match these filters" : " yet"}.
          </p>
        ) : null}
        {items?.length ? (
          <>
            <CsvButton filename="plays" table="plays" />
            <div className="table-wrap">
              <table data-testid="plays" aria-labelledby="plays-h">
                <thead>
                  <tr>
                    <th scope="col">Play</th>
                    <th scope="col">State</th>
                    <th scope="col">Segment / account</th>
                    <th scope="col">Brain</th>
                    <th scope="col">{filters.state === "active" ? "Active since" : "Drafted"}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((p) => (
                    <tr key={p.play_id} data-testid="play-row" data-state={p.state}>
                      <td>
                        <Link to={`/plays/${p.play_id}`}>{p.name}</Link>
                      </td>
                      <td>
                        <span className={`badge ${p.state}`}>{label(p.state)}</span>
                        {p.state === "retired" && p.retire_reason ? (
                          <span className="muted"> {label(p.retire_reason)}</span>
                        ) : null}
                      </td>
                      <td>{p.segment ? segmentName(p.segment) : "account play"}</td>
                      <td>{p.writer_agent_id}</td>
                      <td>{fmtTime(filters.state === "active" ? p.activated_at : p.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
        <Pager cursors={cursors} next={plays.data?.next_cursor} onChange={setCursors} />
      </div>
    </section>
  );
}
