// Learning (issue 56 item 2): how often the reply classifier and the people who triage agree, per
// intent and language, from the decisions kept as labelled examples; and the examples themselves as
// JSONL, to train or prompt a better classifier.

import type { ApiItem, ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { label, languageName } from "../format.ts";
import { AGREEMENT_PATH, EXAMPLES_PATH } from "../reply-triage.ts";
import { useSession } from "../session.tsx";
import { useApi } from "../use-api.ts";
import { AutomationClasses } from "./automation-classes.tsx";
import { ReplyModels } from "./reply-models.tsx";

export type AgreementRow = ApiItem<"getReplyAgreement">;

export function LearningPage() {
  // the examples hold prospects' words: exported by the roles the API allows (reply-examples.ts)
  const { has } = useSession();
  const a = useApi<ApiResponse<"getReplyAgreement">>(AGREEMENT_PATH);
  const rows = a.data?.items ?? [];
  return (
    <section>
      <h1 tabIndex={-1}>Learning</h1>
      <section className="card" aria-labelledby="agreement-h">
        <h2 id="agreement-h">Reply classifier against people</h2>
        <p className="muted">
          Each reply a person triaged is kept with what the classifier read and what the person decided.
          Agreement is the share of those decisions that meant the intent the classifier read.
        </p>
        <ErrorNote error={a.error} />
        {!a.data && !a.error ? (
          <p className="muted" aria-busy="true">
            Loading…
          </p>
        ) : null}
        {a.data && rows.length === 0 ? (
          <p className="muted" data-testid="agreement-empty">
            No reply has been triaged yet.
          </p>
        ) : null}
        {rows.length ? (
          <div className="table-wrap">
            <table data-testid="reply-agreement">
              <thead>
                <tr>
                  <th scope="col">Classifier read</th>
                  <th scope="col">Language</th>
                  <th scope="col">Decided by people</th>
                  <th scope="col">Agreed</th>
                  <th scope="col">Agreement</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.intent}:${r.language ?? ""}`} data-testid="agreement-row">
                    <td>
                      <strong>{label(r.intent)}</strong>
                    </td>
                    <td>{languageName(r.language)}</td>
                    <td>{r.decided}</td>
                    <td>{r.agreed}</td>
                    <td data-testid="agreement-rate">{pct(r.rate)}</td>
                  </tr>
                ))}
              </tbody>
              {a.data?.overall ? (
                <tfoot>
                  <tr>
                    <td colSpan={2}>
                      <strong>All</strong>
                    </td>
                    <td>{a.data.overall.decided}</td>
                    <td>{a.data.overall.agreed}</td>
                    <td>{pct(a.data.overall.rate)}</td>
                  </tr>
                </tfoot>
              ) : null}
            </table>
          </div>
        ) : null}
        {has("revops", "slm", "admin") ? (
          <p>
            <a href={EXAMPLES_PATH} download="reply-examples.jsonl" data-testid="examples-export">
              Export the labelled examples (JSONL)
            </a>{" "}
            <span className="muted">
              one reply a line: its text, what the classifier read, what a person decided
            </span>
          </p>
        ) : (
          <p className="muted">RevOps, sales leaders and admins export the labelled examples.</p>
        )}
      </section>
      {/* the classes are RevOps's, the sales leader's and admins' to see (the API refuses others) */}
      {has("revops", "slm", "admin") ? <AutomationClasses /> : null}
      {/* the team's reply model versions (issue 72 item 2), to the same roles */}
      {has("revops", "slm", "admin") ? <ReplyModels /> : null}
    </section>
  );
}

function pct(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 100)}%`;
}
