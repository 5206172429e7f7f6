// spec 000 joint approval: the sales leader and RevOps both approve (two different people); the
// panel shows who and when, what is missing, and the segment's cap next to the activation.
import { useState } from "react";
import { post } from "../api.ts";
import { fmtTime } from "../format.ts";
import type { Play, PlayConfig } from "../plays.ts";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
import { CapChoice } from "./cap-choice.tsx";
import { CapMeter } from "./cap-meter.tsx";
import { CsvButton } from "./csv-export.tsx";
import { ErrorNote } from "./error-note.tsx";

export function ApprovalPanel({
  play,
  people,
  onDone,
}: {
  play: Play;
  people: Record<string, string>;
  onDone(): void;
}) {
  const { me, has } = useSession();
  const act = useAction();
  const config = useApi<PlayConfig>("/api/v1/plays/config");
  const seg = config.data?.segments.find((s) => s.segment === play.segment);
  const capMet = seg ? seg.active >= seg.effective_cap && play.state !== "active" : false;
  const rows: { role: "slm" | "revops"; title: string; by: string | null; at: string | null }[] = [
    { role: "slm", title: "Sales leader", by: play.slm_approver_user_id, at: play.slm_approved_at },
    { role: "revops", title: "RevOps", by: play.revops_approver_user_id, at: play.revops_approved_at },
  ];
  const missing = rows.filter((r) => !r.by).map((r) => r.title);
  const approve = async (as: "slm" | "revops") => {
    const ok = await act.run(() => post(`/api/v1/plays/${play.play_id}/approve`, { as }));
    // the cap meter counts again either way: an activation or a refusal both say the count moved
    config.reload();
    if (ok) onDone();
  };
  // the play just retired from the cap choice, said once the choice is gone
  const [retired, setRetired] = useState<string | null>(null);
  // a cap refusal is shown as the choice it asks for (below), from the segment's current figures
  const capRefused = (act.error as { code?: string } | undefined)?.code === "PLAY_SEGMENT_CAP_REACHED";
  const showChoice =
    play.segment && play.state !== "active" && play.state !== "retired" && (capMet || capRefused);

  return (
    <section className="card" aria-labelledby="appr-h" data-testid="approval-panel">
      <h2 id="appr-h">Approval</h2>
      {/* its own line: the export button below belongs to the table, not to the cap */}
      {seg ? (
        <p>
          <CapMeter segment={seg.segment} name={seg.name} active={seg.active} cap={seg.effective_cap} />
        </p>
      ) : null}
      <CsvButton
        filename="approvals"
        header={["Approval", "Approved by", "At"]}
        rows={rows.map((r) => [r.title, r.by ? (people[r.by] ?? r.by) : "missing", r.by ? r.at : ""])}
      />
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.role} data-testid={`approval-${r.role}`}>
              <th scope="row">{r.title}</th>
              <td>
                {r.by ? (
                  <>
                    ✓ {people[r.by] ?? r.by} <span className="muted">{fmtTime(r.at)}</span>
                  </>
                ) : (
                  <span className="muted">missing</span>
                )}
              </td>
              <td>
                {play.state === "under_review" && !r.by && has(r.role) ? (
                  <button
                    type="button"
                    className="primary"
                    disabled={
                      act.busy ||
                      (r.role === "slm" ? play.revops_approver_user_id : play.slm_approver_user_id) ===
                        me?.principal_id
                    }
                    onClick={() => void approve(r.role)}
                  >
                    Approve as {r.title}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {play.state === "under_review" ? (
        <p data-testid="approval-missing">
          {missing.length
            ? `Missing: ${missing.join(" and ")} approval. The play activates when both are given, by two different people.`
            : "Both approvals given."}
        </p>
      ) : null}
      {play.state === "active" ? (
        <p className="notice">
          Active since {fmtTime(play.activated_at)} (period {play.active_period_start} →{" "}
          {play.active_period_end ?? "open"}).
        </p>
      ) : null}
      {capRefused ? null : <ErrorNote error={act.error} testId="approval-error" />}
      {retired && !showChoice ? (
        <p className="notice" role="status" data-testid="retired-notice">
          Retired {retired}. {play.state === "under_review" ? "This play can now be approved." : ""}
        </p>
      ) : null}
      {showChoice && seg ? (
        <CapChoice
          segment={seg}
          refused={capRefused}
          onRetired={(name) => {
            act.clear();
            config.reload();
            setRetired(name);
          }}
        />
      ) : null}
    </section>
  );
}
