// A brain proposal (issue 37: lineage no longer stops at a short id): who proposed, when, why (the
// rationale), the payload the brain logged, and the plays drafted from it.
import type { ProposalView } from "../../../src/plays/index.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime, label } from "../format.ts";
import { useSegmentName } from "../plays.ts";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";

export function ProposalPage({ id }: { id: string }) {
  const { data: p, error } = useApi<ProposalView>(`/api/v1/proposals/${id}`);
  const segmentName = useSegmentName();
  return (
    <section>
      <h1 tabIndex={-1}>{p ? `Proposal by ${p.agent_name}` : "Brain proposal"}</h1>
      <ErrorNote error={error} />
      {!p && !error ? <p className="muted">Loading the proposal…</p> : null}
      {p ? (
        <>
          <p className="row">
            <span>
              {p.agent_name} ({p.agent_id})
            </span>
            <span className="muted">proposed {fmtTime(p.created_at)}</span>
            <span className="muted">
              {p.events} event{p.events === 1 ? "" : "s"} in the log carry it
            </span>
          </p>
          <section className="card" aria-labelledby="rationale-h">
            <h2 id="rationale-h">Rationale</h2>
            {p.rationale ? (
              <p data-testid="proposal-rationale">{p.rationale}</p>
            ) : (
              <p className="muted" data-testid="proposal-rationale">
                The brain gave no rationale with this proposal; its payload below is all it logged.
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="plays-h">
            <h2 id="plays-h">Plays drafted from it</h2>
            {p.plays.length === 0 ? <p className="muted">None.</p> : null}
            <ul>
              {p.plays.map((x) => (
                <li key={x.play_id}>
                  <Link to={`/plays/${x.play_id}`}>{x.name}</Link>{" "}
                  <span className={`badge ${x.state}`}>{label(x.state)}</span>{" "}
                  <span className="muted">
                    {x.segment ? `segment ${segmentName(x.segment)}` : "account play"}
                  </span>
                  <br />
                  <span className="muted">{x.hypothesis}</span>
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="payload-h">
            <h2 id="payload-h">Payload</h2>
            <p className="muted">What the brain logged with its draft, as it sent it.</p>
            <pre className="payload" data-testid="proposal-payload">
              {JSON.stringify(p.payload, null, 2)}
            </pre>
          </section>
        </>
      ) : null}
    </section>
  );
}
