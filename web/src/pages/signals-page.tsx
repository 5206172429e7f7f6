// The Signals view (issue 69 item 4): the people and accounts of the person's book ranked by their
// decayed signal score, each with its reasons in words and one action each: enroll into the play its
// signals answer (the coordinator still decides), make a follow-up task (a task of the rep's task
// queue), or dismiss until a newer signal. RevOps, sales leaders and execs also see signals per type and source with each source's health.
import { useState } from "react";
import type { operations } from "../../../src/client/contract.ts";
import { post } from "../api.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime } from "../format.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

type Json<K extends keyof operations> = operations[K] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : never;
type Hot = Json<"listHotSignals">;
type Stats = Json<"listSignalStats">;
type Acted = Json<"actOnHotContact">;

const STATS_ROLES = ["revops", "slm", "exec", "admin"];

export function SignalsPage() {
  const { has } = useSession();
  const [subject, setSubject] = useState<"contact" | "account">("contact");
  const [days, setDays] = useState(14);
  const hot = useApi<Hot>("/api/v1/signals/hot", { subject, days, limit: 50 });
  const seesStats = has(...STATS_ROLES);
  const stats = useApi<Stats>(seesStats ? "/api/v1/signals/stats" : null, { days: 7 });
  const action = useAction();
  const [done, setDone] = useState<string>();
  const act = (
    item: Hot["items"][number],
    body: { action: "enroll" | "task" | "dismiss"; note?: string },
  ) => {
    const id = item.subject === "contact" ? item.contact_id : item.account_id;
    void action
      .run(async () => {
        const r = await post<Acted>(`/api/v1/signals/hot/${item.subject}s/${id}/actions`, body);
        setDone(
          r.action === "enroll"
            ? `Proposed ${item.name} for ${item.play?.name}: ${Object.entries(r.decisions ?? {})
                .filter(([, n]) => n)
                .map(([k, n]) => `${n} ${k}`)
                .join(", ")}.`
            : r.action === "task"
              ? `A follow-up task for ${item.name} is in the task queue.`
              : `${item.name} dismissed until a new signal.`,
        );
      })
      .then(() => hot.reload());
  };
  return (
    <section>
      <h1 tabIndex={-1}>Signals</h1>
      <p className="muted">
        Who is warming up: each signal weighs its type's weight, halved every half-life. A signal proposes;
        the play's cap, consent and the coordinator still decide.
      </p>
      <div className="row">
        <select
          aria-label="People or accounts"
          value={subject}
          onChange={(e) => setSubject(e.target.value as "contact" | "account")}
        >
          <option value="contact">People</option>
          <option value="account">Accounts</option>
        </select>
        <select aria-label="Window" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          <option value={7}>last 7 days</option>
          <option value={14}>last 14 days</option>
          <option value={30}>last 30 days</option>
          <option value={90}>last 90 days</option>
        </select>
      </div>
      <ErrorNote error={action.error ?? hot.error} />
      {done ? <p data-testid="signal-acted">{done}</p> : null}
      <div className="card">
        <div className="table-wrap">
          <table data-testid="hot-signals">
            <thead>
              <tr>
                <th>Score</th>
                <th>{subject === "contact" ? "Person" : "Account"}</th>
                <th>Why</th>
                <th>Last signal</th>
                <th>Action</th>
              </tr>
            </thead>
            <tbody>
              {hot.data?.items.map((i) => (
                <tr key={i.contact_id ?? i.account_id} data-testid="hot-signal">
                  <td>
                    <strong>{i.score}</strong>
                  </td>
                  <td>
                    {i.subject === "contact" ? (
                      <Link to={`/contacts/${i.contact_id}`}>{i.name}</Link>
                    ) : (
                      i.name
                    )}
                    <div className="muted">
                      {[i.subject === "contact" ? i.account_name : null, i.icp_tier, i.segment]
                        .filter(Boolean)
                        .join(" · ")}
                    </div>
                  </td>
                  <td>
                    {i.says}
                    {i.open_task ? (
                      <div className="muted">
                        Task open: {i.open_task.note ?? "follow up"}
                        {has("rep", "exec") ? (
                          <>
                            {" "}
                            (<Link to="/tasks">in the task queue</Link>)
                          </>
                        ) : null}
                      </div>
                    ) : null}
                  </td>
                  <td className="muted">{fmtTime(i.last_at)}</td>
                  <td>
                    <div className="row">
                      {i.play ? (
                        <button
                          type="button"
                          className="primary"
                          disabled={action.busy}
                          onClick={() => act(i, { action: "enroll" })}
                        >
                          Enroll in {i.play.name}
                        </button>
                      ) : null}
                      <button
                        type="button"
                        disabled={action.busy || !!i.open_task}
                        onClick={() => act(i, { action: "task", note: `Follow up: ${i.says}` })}
                      >
                        Create task
                      </button>
                      <button
                        type="button"
                        className="link"
                        disabled={action.busy}
                        onClick={() => act(i, { action: "dismiss" })}
                      >
                        Dismiss
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {hot.data && hot.data.items.length === 0 ? (
            <p className="muted">No signals in this window.</p>
          ) : null}
        </div>
      </div>
      {seesStats && stats.data ? <SignalSources stats={stats.data} /> : null}
    </section>
  );
}

function SignalSources({ stats }: { stats: Stats }) {
  return (
    <div className="card" data-testid="signal-sources">
      <h2>Sources and types, last {stats.days} days</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Source</th>
              <th>Signals</th>
              <th>Health</th>
              <th>Last</th>
            </tr>
          </thead>
          <tbody>
            {stats.by_source.map((s) => (
              <tr key={s.source} data-testid="signal-source">
                <td>
                  {s.source}
                  {s.kind ? <span className="muted"> ({s.kind})</span> : null}
                </td>
                <td>{s.count}</td>
                <td>
                  {s.health} <span className="muted">— {s.why}</span>
                </td>
                <td className="muted">{s.last_at ? fmtTime(s.last_at) : "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        {stats.by_type
          .filter((t) => t.count > 0)
          .map((t) => `${t.label ?? t.type}: ${t.count}`)
          .join(" · ") || "No signals yet."}
      </p>
    </div>
  );
}
