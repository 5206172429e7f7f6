// The A/B variants of a campaign's steps (issue 13): per variant its share, sends, reply and
// conversion rates; the leader against the runner-up in words ("B leads; 94% likely better; about
// 300 more sends to be sure"), and RevOps promotes a winner (the others stop being assigned).
import { post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { CsvButton } from "../components/csv-export.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { fmtTime, label } from "../format.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`;

export function VariantsPanel({ slug }: { slug: string }) {
  const { data, error, reload } = useApi<ApiResponse<"listLearningCampaignVariants">>(
    `/api/v1/learning/campaigns/${slug}/variants`,
  );
  const { has } = useSession();
  const action = useAction();
  const promote = (step: number, variant: string) =>
    action
      .run(() => post(`/api/v1/learning/campaigns/${slug}/steps/${step}/promote`, { variant }))
      .then(reload);
  return (
    <section className="card" aria-labelledby="variants-h" data-testid="variants-panel">
      <h2 id="variants-h">A/B variants</h2>
      <ErrorNote error={error ?? action.error} />
      {data && data.steps.length === 0 ? (
        <p className="muted">
          No step of this campaign has variants. Add 2 to 4 to a step's definition to test them.
        </p>
      ) : null}
      {data?.steps.map((s) => (
        <figure
          key={s.step_number}
          data-testid={`variants-step-${s.step_number}`}
          data-points={s.variants.length}
        >
          <figcaption className="row">
            <strong>
              Step {s.step_number} ({label(s.content_type)})
            </strong>
            {s.winner ? (
              <span className="badge active" data-testid="variant-winner">
                Winner {s.winner.variant}, promoted {fmtTime(s.winner.promoted_at)}
              </span>
            ) : null}
            <CsvButton filename={`variants-${slug}-step-${s.step_number}`} />
          </figcaption>
          {s.replies ? (
            <p className="readout" data-testid="variant-readout">
              <strong>Replies:</strong> {s.replies.readout}
              {s.replies.z !== null ? (
                <span className="muted">
                  {" "}
                  (z = {s.replies.z.toFixed(2)}, p = {s.replies.p_value?.toFixed(3)})
                </span>
              ) : null}
            </p>
          ) : null}
          {s.conversions ? (
            <p className="readout muted">
              <strong>Conversions:</strong> {s.conversions.readout}
            </p>
          ) : null}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Variant</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Instructions</th>
                  <th scope="col">Share now</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Replied</th>
                  <th scope="col">Reply rate</th>
                  <th scope="col">Converted</th>
                  <th scope="col">Conversion</th>
                  {has("revops", "admin") ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {s.variants.map((v) => (
                  <tr key={v.key}>
                    <th scope="row">{v.key}</th>
                    <td>{v.subject ?? "–"}</td>
                    <td>{v.instructions}</td>
                    <td>{pct(v.share)}</td>
                    <td>{v.sent}</td>
                    <td>{v.replied}</td>
                    <td>{pct(v.reply_rate)}</td>
                    <td>{v.converted}</td>
                    <td>{pct(v.conversion_rate)}</td>
                    {has("revops", "admin") ? (
                      <td>
                        {s.winner?.variant === v.key ? (
                          "Winner"
                        ) : (
                          <button
                            type="button"
                            disabled={action.busy}
                            onClick={() => promote(s.step_number, v.key)}
                            aria-label={`Promote ${v.key} of step ${s.step_number}`}
                          >
                            Promote {v.key}
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </figure>
      ))}
    </section>
  );
}
