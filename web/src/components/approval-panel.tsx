// spec 000 joint approval: the sales leader and RevOps both approve (two different people); the
// panel shows who and when, what is missing, and the segment's cap next to the activation.
import { post } from "../api.ts";
import { fmtTime } from "../format.ts";
import type { Play, PlayConfig } from "../plays.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";
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
  const active = useApi<{ items: Play[] }>(
    play.segment ? `/api/v1/plays/active/segments/${encodeURIComponent(play.segment)}` : null,
  );
  const seg = config.data?.segments.find((s) => s.segment === play.segment);
  const capMet = seg ? seg.active >= seg.effective_cap && play.state !== "active" : false;
  const rows: { role: "slm" | "revops"; title: string; by: string | null; at: string | null }[] = [
    { role: "slm", title: "Sales leader", by: play.slm_approver_user_id, at: play.slm_approved_at },
    { role: "revops", title: "RevOps", by: play.revops_approver_user_id, at: play.revops_approved_at },
  ];
  const missing = rows.filter((r) => !r.by).map((r) => r.title);
  const approve = async (as: "slm" | "revops") => {
    if (await act.run(() => post(`/api/v1/plays/${play.play_id}/approve`, { as }))) {
      onDone();
      config.reload();
      active.reload();
    }
  };
  // candidates to retire when the cap is met: from the refusal's facts, else the active list
  const refusal = act.error as any;
  const fromFacts: { play_id: string; name: string }[] | undefined = refusal?.facts?.active_plays;
  const retireCandidates =
    fromFacts ?? active.data?.items.map((p) => ({ play_id: p.play_id, name: p.name })) ?? [];
  const showCandidates = capMet || refusal?.code === "PLAY_SEGMENT_CAP_REACHED";

  return (
    <section className="card" aria-labelledby="appr-h" data-testid="approval-panel">
      <h2 id="appr-h">Approval</h2>
      {/* its own line: the export button below belongs to the table, not to the cap */}
      {seg ? (
        <p>
          <CapMeter label={seg.segment} active={seg.active} cap={seg.effective_cap} />
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
      <ErrorNote error={act.error} testId="approval-error" />
      {showCandidates && retireCandidates.length ? (
        <div className="warn-box" data-testid="retire-candidates">
          <p>
            <strong>
              Segment {play.segment} is at its cap. To activate this play, consider retiring one of these
              active plays first:
            </strong>
          </p>
          <ul>
            {retireCandidates.map((c) => (
              <li key={c.play_id}>
                <Link to={`/plays/${c.play_id}`}>{c.name}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
