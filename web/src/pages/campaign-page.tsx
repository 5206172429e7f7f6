// One campaign: steps as a timeline (day, channel, content type, instructions), enrollments by
// status (server-filtered), the on_exit chain around it, and enrollment by search or CSV.
import { useState } from "react";
import type { ApiResponse } from "../api-types.ts";
import { draftOf } from "../campaign-draft.ts";
import { type Campaign, ENROLLMENT_STATUSES } from "../campaigns.ts";
import { CampaignEditor } from "../components/campaign-editor.tsx";
import { CampaignStatusActions } from "../components/campaign-status-actions.tsx";
import { CsvButton } from "../components/csv-export.tsx";
import { EnrollPanel } from "../components/enroll-panel.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { ExitGraph } from "../components/exit-graph.tsx";
import { PersonalSendChoice } from "../components/personal-send-choice.tsx";
import { StepPreviewPanel } from "../components/step-preview-panel.tsx";
import { fmtTime, label } from "../format.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { campaignAccess, useTeams } from "../teams.ts";
import { useApi } from "../use-api.ts";

export function CampaignPage({ id }: { id: string }) {
  const { me, has } = useSession();
  const teams = useTeams();
  const campaign = useApi<Campaign>(`/api/v1/campaigns/${id}`);
  const all = useApi<ApiResponse<"listCampaigns">>("/api/v1/campaigns", { limit: 500 });
  const counts = useApi<ApiResponse<"listWorkspaceCampaignCounts">>(
    `/api/v1/workspace/campaigns/${id}/counts`,
  );
  const [status, setStatus] = useState("active");
  const [editing, setEditing] = useState(false);
  const enrollments = useApi<ApiResponse<"listCampaignEnrollments">>(`/api/v1/campaigns/${id}/enrollments`, {
    status,
    limit: 100,
  });
  const c = campaign.data;
  // issue 61: a team campaign is changed by RevOps, admins and the team's managers
  const access = me && c ? campaignAccess(c.team_id, teams.data?.items, me) : null;
  const canEdit = !!access?.mayEdit;
  return (
    <section>
      <h1 tabIndex={-1}>{c ? c.name : "Campaign"}</h1>
      <ErrorNote error={campaign.error} />
      {c ? (
        <>
          <p className="row">
            <span className={`badge ${c.status}`}>{c.status}</span>
            <span>
              {c.kind} · {c.type} · {c.owner_role}
            </span>
            <span className="muted">{label(c.approval_policy)}</span>
            {c.play_id ? <Link to={`/plays/${c.play_id}`}>runs a play</Link> : null}
            <Link to={`/campaigns/${id}/funnel`}>Funnel and A/B variants</Link>
          </p>
          {access ? (
            <p className="muted" data-testid="campaign-access">
              {access.sentence}
            </p>
          ) : null}
          {canEdit ? (
            <div className="card">
              <h2>Manage</h2>
              <CampaignStatusActions
                campaign={c}
                onChanged={() => {
                  campaign.reload();
                  all.reload();
                }}
              />
              {!editing && c.status !== "archived" ? (
                <p>
                  <button type="button" onClick={() => setEditing(true)}>
                    Edit campaign
                  </button>
                </p>
              ) : null}
            </div>
          ) : null}
          <PersonalSendChoice campaign={c} onChanged={campaign.reload} />
          {editing && all.data ? (
            <CampaignEditor
              key={c.updated_at}
              initial={draftOf(c)}
              campaign={c}
              campaigns={all.data.items}
              onSaved={() => {
                setEditing(false);
                campaign.reload();
                all.reload();
                counts.reload();
              }}
              onCancel={() => setEditing(false)}
            />
          ) : null}
          <div className="card">
            <h2>Steps</h2>
            <ol className="steps" data-testid="steps">
              {c.steps.map((s) => (
                <li key={s.step_number} className="step">
                  <div className="day">Day {s.delay_days}</div>
                  <div>
                    {s.step_number}. {s.channel}
                  </div>
                  <div className="muted">{label(s.content_type)}</div>
                  <details>
                    <summary>Instructions</summary>
                    <p>{s.template_instructions}</p>
                  </details>
                </li>
              ))}
            </ol>
          </div>
          <StepPreviewPanel slug={c.slug} steps={c.steps} />
          <div className="card">
            <h2>Enrollments</h2>
            <div className="row" role="tablist" aria-label="Enrollment status">
              {ENROLLMENT_STATUSES.map((st) => (
                <button
                  key={st}
                  type="button"
                  role="tab"
                  aria-selected={status === st}
                  className={status === st ? "primary" : undefined}
                  onClick={() => setStatus(st)}
                >
                  {label(st)} ({counts.data?.counts[st] ?? 0})
                </button>
              ))}
            </div>
            <ErrorNote error={enrollments.error} />
            <CsvButton filename="enrollments" table="enrollments" />
            <div className="table-wrap">
              <table data-testid="enrollments">
                <thead>
                  <tr>
                    <th scope="col">Contact</th>
                    <th scope="col">Step</th>
                    <th scope="col">Next send</th>
                    <th scope="col">Enrolled</th>
                    <th scope="col">Goal / exit</th>
                  </tr>
                </thead>
                <tbody>
                  {enrollments.data?.items.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <Link to={`/contacts/${e.contact_id}`}>{e.contact_name}</Link>
                      </td>
                      <td>{e.current_step}</td>
                      <td>{fmtTime(e.next_send_at)}</td>
                      <td>{fmtTime(e.enrolled_at)}</td>
                      <td>{e.exit_reason ? label(e.exit_reason) : label(e.goal)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          {has("revops", "slm", "exec", "admin") ? (
            <EnrollPanel
              slug={c.slug}
              onEnrolled={() => {
                counts.reload();
                enrollments.reload();
              }}
            />
          ) : null}
          {all.data ? (
            <div className="card">
              <ExitGraph campaigns={all.data.items} highlight={c.slug} />
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
