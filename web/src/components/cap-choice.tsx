// A segment at its cap, in words for people (issue 37 item 6): "Segment Commercial mid-market has 3 of 3
// active plays. Retire one to activate this play:" with each active play's touches, replies and
// meetings (the funnel rollup) to choose by, and a Retire button each for RevOps (only RevOps
// retires, spec 000). After a retire the caller reloads its cap meter and this list refetches.
import { useState } from "react";
import { post } from "../api.ts";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { fmtDate } from "../format.ts";
import { RETIRE_REASONS, type SegmentCap } from "../plays.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";
import { RetireReason } from "./retire-reason.tsx";

type ActiveFigures = ApiItem<"listPlayActiveSegmentFigures">;

export function CapChoice({
  segment,
  refused,
  onRetired,
}: {
  segment: SegmentCap;
  /** the activation was just refused (else the cap is met before trying) */
  refused: boolean;
  onRetired(name: string): void;
}) {
  const { has } = useSession();
  const act = useAction();
  const reasons = RETIRE_REASONS.active;
  const [reason, setReason] = useState("replaced");
  const plays = useApi<ApiResponse<"listPlayActiveSegmentFigures">>(
    `/api/v1/plays/active/segments/${encodeURIComponent(segment.segment)}/figures`,
  );
  const canRetire = has("revops");
  const retire = async (p: ActiveFigures) => {
    if (await act.run(() => post(`/api/v1/plays/${p.play_id}/retire`, { retire_reason: reason }))) {
      plays.reload();
      onRetired(p.name);
    }
  };
  return (
    <div className="warn-box" data-testid="cap-choice" role={refused ? "alert" : undefined}>
      <p>
        <strong data-testid="cap-sentence">
          Segment {segment.name} has {segment.active} of {segment.effective_cap} active plays.{" "}
          {refused ? "Retire one to activate this play:" : "Retire one before this play can activate:"}
        </strong>
      </p>
      {!plays.data && !plays.error ? <p className="muted">Loading the active plays…</p> : null}
      <ErrorNote error={plays.error} />
      {plays.data?.items.length ? (
        <>
          {canRetire ? (
            <RetireReason
              id="cap-retire-reason"
              title="Reason for retiring"
              reasons={reasons}
              value={reason}
              onChange={setReason}
            />
          ) : (
            <p className="muted">Only RevOps retires plays: ask RevOps to retire one.</p>
          )}
          <table data-testid="retire-candidates" className="compact">
            <caption className="visually-hidden">Active plays in {segment.name}</caption>
            <thead>
              <tr>
                <th scope="col">Active play</th>
                <th scope="col">Touches</th>
                <th scope="col">Replies</th>
                <th scope="col">Meetings</th>
                {canRetire ? (
                  <th scope="col">
                    <span className="visually-hidden">Retire</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {plays.data.items.map((p) => (
                <tr key={p.play_id} data-testid="retire-candidate">
                  <th scope="row">
                    <Link to={`/plays/${p.play_id}`}>{p.name}</Link>
                    <br />
                    <span className="muted since">active since {fmtDate(p.activated_at)}</span>
                  </th>
                  <td data-testid="figure-touches">{p.touches}</td>
                  <td data-testid="figure-replies">{p.replies}</td>
                  <td data-testid="figure-meetings">{p.meetings}</td>
                  {canRetire ? (
                    <td>
                      <button
                        type="button"
                        className="danger"
                        disabled={act.busy}
                        aria-label={`Retire ${p.name}`}
                        onClick={() => void retire(p)}
                      >
                        Retire
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <ErrorNote error={act.error} testId="cap-retire-error" />
    </div>
  );
}
