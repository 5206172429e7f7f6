// The prospect page's actions (issue 37 item 2): log a reply with its class (the classifier's,
// editable), opt out, pause, resume or exit an enrollment with a reason, enroll with goal and notes.
// Each first shows what the coordinator would decide (POST /api/v1/coordinator/preview, which writes
// nothing), then the person confirms. Shown to the roles the API allows; the API checks again.
// The forms are in prospect-actions/, one an action.
import { useState } from "react";
import type { ApiResponse } from "../api-types.ts";
import { label } from "../format.ts";
import { holdReasonText } from "../reply-triage.ts";
import { useSession } from "../session.tsx";
import { useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";
import { day } from "./prospect-actions/coordinator-verdict.tsx";
import { EnrollForm } from "./prospect-actions/enroll-form.tsx";
import { ExitForm } from "./prospect-actions/exit-form.tsx";
import { OptOutForm } from "./prospect-actions/opt-out-form.tsx";
import { PauseForm } from "./prospect-actions/pause-form.tsx";
import { ReplyForm } from "./prospect-actions/reply-form.tsx";

const LIVE = ["queued", "active", "paused"];

export function ProspectActions({
  contactId,
  optedOut,
  onChanged,
}: {
  contactId: string;
  optedOut: boolean;
  onChanged(): void;
}) {
  const { has, me } = useSession();
  const enrollments = useApi<ApiResponse<"listContactEnrollments">>(
    `/api/v1/contacts/${contactId}/enrollments`,
  );
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (me?.kind !== "person") return null;
  const acts = has("rep", "exec", "revops", "admin");
  const changed = (summary: string) => {
    setDone(summary);
    setOpen(null);
    enrollments.reload();
    onChanged();
  };
  const live = (enrollments.data?.items ?? []).filter((e) => LIVE.includes(e.status));
  const toggle = (what: string) => {
    setDone(null);
    setOpen(open === what ? null : what);
  };
  return (
    <section className="card" aria-labelledby="actions-h" data-testid="prospect-actions">
      <h2 id="actions-h">Enrollments and actions</h2>
      <ErrorNote error={enrollments.error} />
      {done ? (
        <p className="notice" data-testid="action-result" role="status">
          {done}
        </p>
      ) : null}
      {live.length === 0 && enrollments.data ? <p className="muted">No live enrollment.</p> : null}
      <ul className="timeline">
        {live.map((e) => (
          <li key={e.id} data-testid="enrollment">
            <div className="row">
              <strong>{e.campaign_name}</strong>
              <span className={`badge ${e.status === "active" ? "active" : "hold"}`}>{e.status}</span>
              <span className="muted">
                step {e.current_step}
                {e.goal ? ` · goal ${label(e.goal)}` : ""}
                {e.paused_until ? ` · paused until ${day(e.paused_until)}` : ""}
              </span>
              {holdReasonText(e.hold_reason) ? (
                <span className="badge hold" data-testid="enrollment-hold-reason">
                  {holdReasonText(e.hold_reason)}
                </span>
              ) : null}
              {acts && e.status === "active" ? (
                <button type="button" onClick={() => toggle(`pause:${e.id}`)}>
                  Pause…
                </button>
              ) : null}
              {acts && e.status === "paused" ? (
                <button type="button" onClick={() => toggle(`resume:${e.id}`)}>
                  Resume…
                </button>
              ) : null}
              {acts ? (
                <button type="button" onClick={() => toggle(`exit:${e.id}`)}>
                  Exit…
                </button>
              ) : null}
            </div>
            {open === `pause:${e.id}` || open === `resume:${e.id}` ? (
              <PauseForm
                contactId={contactId}
                enrollment={e}
                onDone={changed}
                onCancel={() => setOpen(null)}
              />
            ) : null}
            {open === `exit:${e.id}` ? (
              <ExitForm
                contactId={contactId}
                enrollment={e}
                onDone={changed}
                onCancel={() => setOpen(null)}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <div className="row actions-row">
        {acts ? (
          <button type="button" onClick={() => toggle("reply")} aria-expanded={open === "reply"}>
            Log a reply…
          </button>
        ) : null}
        {acts && !optedOut ? (
          <button type="button" onClick={() => toggle("enroll")} aria-expanded={open === "enroll"}>
            Enroll in a campaign…
          </button>
        ) : null}
        {/* stopping contact must never be harder than starting it: any person may opt someone out */}
        {!optedOut ? (
          <button
            type="button"
            className="danger"
            onClick={() => toggle("optout")}
            aria-expanded={open === "optout"}
          >
            Opt out…
          </button>
        ) : null}
      </div>
      {open === "reply" ? (
        <ReplyForm contactId={contactId} live={live} onDone={changed} onCancel={() => setOpen(null)} />
      ) : null}
      {open === "enroll" ? (
        <EnrollForm contactId={contactId} onDone={changed} onCancel={() => setOpen(null)} />
      ) : null}
      {open === "optout" ? (
        <OptOutForm contactId={contactId} live={live} onDone={changed} onCancel={() => setOpen(null)} />
      ) : null}
    </section>
  );
}
