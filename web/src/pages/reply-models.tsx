// The tenant's reply model versions (issue 72 item 2): each candidate trained on the team's triage
// decisions, kept or not, with the held-out figures it was kept or refused on, and the version the
// tenant's replies are read with now. Read-only: the server trains in the background
// (src/campaigns/triage/reply-models.ts); the rule is shown as the API gives it.
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { useApi } from "../use-api.ts";

export const REPLY_MODELS_PATH = "/api/v1/reply-models";

/** A version as the API gives it (listReplyModels). */
export type ReplyModelRow = ApiItem<"listReplyModels">;

const REASON_WORDS: Record<string, string> = {
  not_better_on_held_out: "not better on the held-out replies",
  misses_more_stop_requests: "misses more stop requests",
  more_wrong_alone: "more wrong sure readings",
};

const share = (correct: number, total: number) =>
  total ? `${correct} / ${total} (${Math.round((correct / total) * 100)}%)` : "—";

export function ReplyModels() {
  const a = useApi<ApiResponse<"listReplyModels">>(REPLY_MODELS_PATH);
  const rows = a.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="reply-models-h">
      <h2 id="reply-models-h">The team's reply model</h2>
      {a.data ? (
        <p className="muted">
          Replies are read now with <strong data-testid="reply-model-active">{a.data.active}</strong>. Baton
          trains a model of the team's own once at least {a.data.rule.min_examples} replies are decided by
          people ({a.data.rule.min_held_out} of them held out to measure it), and again after{" "}
          {a.data.rule.retrain_after} more; it is kept only when it handles the held-out replies better than
          the current one. Agents' decisions never train it.
        </p>
      ) : null}
      <ErrorNote error={a.error} />
      {a.data && rows.length === 0 ? (
        <p className="muted" data-testid="reply-models-empty">
          No model of the team's own yet: the base model reads every reply.
        </p>
      ) : null}
      {rows.length ? (
        <div className="table-wrap">
          <table data-testid="reply-models">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Trained on</th>
                <th scope="col">Held-out handled right: new / before</th>
                <th scope="col">Kept</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r: ReplyModelRow) => (
                <tr key={r.version} data-testid="reply-model-row" data-kept={r.kept}>
                  <td>
                    <strong>{r.model_version}</strong>
                    {r.active ? " (in use)" : ""}
                  </td>
                  <td>{r.trained_on}</td>
                  <td>
                    {share(r.candidate.correct, r.held_out)} / {share(r.current.correct, r.held_out)}{" "}
                    <span className="muted">against {r.compared_with}</span>
                  </td>
                  <td>{r.kept ? "Kept" : `Not kept: ${REASON_WORDS[r.reason ?? ""] ?? r.reason}`}</td>
                  <td>{new Date(r.created_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
