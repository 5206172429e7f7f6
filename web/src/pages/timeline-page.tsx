// Prospect timeline (spec 001 event log): every event in order, each with its gate decision,
// suppression reason and release time, and links to the play and proposal it came from.
import { useState } from "react";
import { ErrorNote } from "../components/error-note.tsx";
import { Pager } from "../components/pager.tsx";
import { ProspectActions } from "../components/prospect-actions.tsx";
import { fmtTime, label } from "../format.ts";
import { Link } from "../router.tsx";
import { useApi } from "../use-api.ts";
import type { ContactSummary } from "./contacts-page.tsx";
import { EraseAction } from "./erase-action.tsx";

interface Entry {
  event_id: number;
  occurred_at: string;
  event_type: string;
  channel: string | null;
  step_number: number | null;
  sequence_type: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  play_id: string | null;
  play_name: string | null;
  originating_proposal_id: string | null;
  originating_agent_id: string | null;
  suppressed_reason: string | null;
  resolution: string | null;
  decision: { action: string | null; gate: number | null; reason: string | null; release_at: string | null };
  details: Record<string, unknown>;
}

const GATES: Record<number, string> = {
  1: "gate 1 compliance",
  2: "gate 2 ABM backstop",
  3: "gate 3 touch cap",
  4: "gate 4 concurrency",
  5: "gate 5 state transition",
};

// the word before a decision's reason: an allowed step's "no conflict" is not a suppression (a reason
// that only repeats it, a send's "allowed", is not shown)
const REASON_LEAD: Record<string, string> = {
  allow: "allowed",
  hold: "held",
  queue: "queued",
  block: "suppressed",
};

export function TimelinePage({ id }: { id: string }) {
  const contact = useApi<ContactSummary>(`/api/v1/workspace/contacts/${id}`);
  const [cursors, setCursors] = useState<string[]>([]);
  const tl = useApi<{ items: Entry[]; next_cursor: string | null }>(`/api/v1/contacts/${id}/timeline`, {
    limit: 100,
    cursor: cursors.at(-1),
  });
  const c = contact.data;
  return (
    <section>
      <h1 tabIndex={-1}>{c ? c.full_name : "Prospect"}</h1>
      <ErrorNote error={contact.error ?? tl.error} />
      {c ? (
        <p className="row">
          <span>{c.title ?? ""}</span>
          <span>{c.company ?? "No company"}</span>
          <span className="muted">
            {c.icp_tier ?? "—"} · {c.segment ?? "—"} · {c.email ?? "no email"}
          </span>
          {c.opted_out ? (
            <span className="badge block" data-testid="opted-out">
              opted out
            </span>
          ) : null}
          {c.abm_active ? (
            <span className="badge warn" data-testid="abm-active" title="spec 001 gate 2: no nurture touches">
              account ABM-active: nurture is suppressed
            </span>
          ) : null}
        </p>
      ) : null}
      {c ? (
        <ProspectActions
          contactId={id}
          optedOut={c.opted_out}
          onChanged={() => [contact.reload(), tl.reload()]}
        />
      ) : null}
      {c ? <EraseAction contactId={id} onErased={() => [contact.reload(), tl.reload()]} /> : null}
      <div className="card">
        <h2>Timeline</h2>
        {tl.data && tl.data.items.length === 0 ? <p className="muted">No events yet.</p> : null}
        <ol className="timeline" data-testid="timeline">
          {tl.data?.items.map((e) => (
            <li key={e.event_id} data-testid="timeline-event" data-event-type={e.event_type}>
              <div className="row">
                <strong>{label(e.event_type)}</strong>
                {e.decision.action ? (
                  <span className={`badge ${e.decision.action}`}>{e.decision.action}</span>
                ) : null}
                <span className="muted">{fmtTime(e.occurred_at)}</span>
                {e.channel ? <span className="muted">{e.channel}</span> : null}
                {e.step_number ? <span className="muted">step {e.step_number}</span> : null}
              </div>
              <div className="muted">
                {e.decision.gate ? `${GATES[e.decision.gate] ?? `gate ${e.decision.gate}`}` : null}
                {e.decision.reason && e.decision.reason !== REASON_LEAD[e.decision.action ?? ""] ? (
                  <>
                    {e.decision.gate ? " · " : null}
                    {REASON_LEAD[e.decision.action ?? ""] ?? "reason"}:{" "}
                    <strong data-testid="decision-reason">{label(e.decision.reason)}</strong>
                  </>
                ) : null}
                {e.decision.release_at ? <> · releases {fmtTime(e.decision.release_at)}</> : null}
              </div>
              <div>
                {e.campaign_id ? (
                  <Link to={`/campaigns/${e.campaign_id}`}>{e.campaign_name ?? "campaign"}</Link>
                ) : null}
                {e.play_id ? (
                  <>
                    {" · play "}
                    <Link to={`/plays/${e.play_id}`}>{e.play_name ?? e.play_id.slice(0, 8)}</Link>
                  </>
                ) : null}
                {e.originating_proposal_id ? (
                  <>
                    {" · proposal "}
                    <code title={e.originating_proposal_id}>{e.originating_proposal_id.slice(0, 8)}</code>
                  </>
                ) : null}
                {e.originating_agent_id ? (
                  <span className="muted"> · asked by {e.originating_agent_id}</span>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
        <Pager cursors={cursors} next={tl.data?.next_cursor} onChange={setCursors} />
      </div>
    </section>
  );
}
