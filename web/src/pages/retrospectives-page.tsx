// Retrospectives due (issue 60 item 1: the sales leader's and RevOps' queue): the drafts Baton wrote
// from the numbers when a play's evaluation window ended (spec 000), waiting for RevOps to confirm or
// amend them on the play's page; the decided ones below, newest window first.

import type { ApiItem, ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtDate } from "../format.ts";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";

type Retro = ApiItem<"listLearningRetrospectives">;

export function RetrospectivesPage() {
  const list = useApi<ApiResponse<"listLearningRetrospectives">>("/api/v1/learning/retrospectives", {
    limit: 200,
  });
  const items = list.data?.items ?? [];
  const due = items.filter((r) => r.status === "draft");
  const decided = items.filter((r) => r.status !== "draft");
  return (
    <section>
      <h1 tabIndex={-1}>Retrospectives</h1>
      <p className="muted">
        When a play's evaluation window ends, Baton measures it against its targets and drafts a
        retrospective; RevOps confirms or amends it on the play's page.
      </p>
      <ErrorNote error={list.error} />
      <section className="card" aria-labelledby="retro-due-h" data-testid="retrospectives-due">
        <h2 id="retro-due-h">Due ({due.length})</h2>
        {list.data && due.length === 0 ? <p className="muted">No retrospective waits.</p> : null}
        <RetroTable items={due} caption="Retrospectives waiting for a decision" />
      </section>
      {decided.length ? (
        <section className="card" aria-labelledby="retro-done-h">
          <h2 id="retro-done-h">Decided</h2>
          <RetroTable items={decided} caption="Retrospectives confirmed or amended" />
        </section>
      ) : null}
    </section>
  );
}

function RetroTable({ items, caption }: { items: Retro[]; caption: string }) {
  if (!items.length) return null;
  return (
    <table>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Play</th>
          <th scope="col">Window</th>
          <th scope="col">Targets</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.retrospective_id} data-testid="retrospective-row">
            <td>
              <Link to={`/plays/${r.play_id}`}>{r.play_name}</Link>
            </td>
            <td>
              {fmtDate(r.window_start)} – {fmtDate(r.window_end)}
            </td>
            <td>{r.met_all === null ? "not measured" : r.met_all ? "all met" : "missed"}</td>
            <td>{r.status === "draft" ? "waiting" : r.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
