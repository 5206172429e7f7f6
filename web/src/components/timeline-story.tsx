// A prospect's timeline as a story (issue 37 item 5; issue 60 item 5): touches, replies, exits and
// hand-offs in the order they happened (a reply before what it caused), the coordinator's decisions
// folded under the touch they judged (timeline-groups.ts), filters by kind, channel and campaign;
// each touch with its subject and body, each reply with its text, its class and what it caused, each
// hold with its gate and its release, and each item linked to its campaign, its play and the brain's
// proposal.
import { useMemo, useState } from "react";
import type { ApiItem, ApiResponse } from "../api-types.ts";
import { fmtTime, label, reasonLabel } from "../format.ts";
import { holdReasonText } from "../reply-triage.ts";
import { Link } from "../router.tsx";
import {
  filterChoices,
  filterStory,
  foldTimeline,
  NO_FILTER,
  STORY_KINDS,
  type StoryFilter,
  type StoryItem,
  type StoryKind,
} from "../timeline-groups.ts";
import { useApi } from "../use-api.ts";
import { ErrorNote } from "./error-note.tsx";
import { Pager } from "./pager.tsx";

export type TimelineEntry = ApiItem<"getContactTimeline">;

const GATES: Record<number, string> = {
  1: "gate 1, compliance",
  2: "gate 2, ABM backstop",
  3: "gate 3, touch cap",
  4: "gate 4, concurrency",
  5: "gate 5, state transition",
};

/** What each event is, in words (the rest read as their type). */
const TITLES: Record<string, string> = {
  touch: "Touch sent",
  reply: "Reply received",
  held: "Held",
  queued: "Queued",
  suppressed: "Suppressed",
  exit: "Left the campaign",
  handoff_created: "Hand-off opened",
  handoff_routed: "Hand-off routed",
  opted_out: "Opted out",
  activated: "Enrollment started",
  step_allowed: "Step allowed",
  send_allowed: "Send allowed",
  draft_approved: "Draft approved",
  paused: "Paused",
  resumed: "Resumed",
  rejected: "Refused",
  on_exit_routed: "Routed on exit",
  bounce: "Bounced",
  left_company: "Left the company",
  data_request_opened: "Data-protection request opened",
  data_request_closed: "Data-protection request closed",
};

/** What a reply caused, as a person says it. */
function effect(e: { event_type: string; resolution: string | null }): string {
  switch (e.event_type) {
    case "exit":
      return `an exit from the campaign${e.resolution ? ` (${label(e.resolution)})` : ""}`;
    case "handoff_created":
      return "a hand-off to the exec";
    case "opted_out":
      return "an opt-out from every campaign";
    case "paused":
      return `a pause${e.resolution ? ` (${label(e.resolution)})` : ""}`;
    case "on_exit_routed":
      return "the next campaign";
    case "left_company":
      return "the end of the enrollment (left the company)";
    case "data_request_opened":
      return `a data-protection request for a person (${e.resolution === "access" ? "access" : "erasure"})`;
    default:
      return label(e.event_type);
  }
}

export function TimelineStory({ contactId, now = new Date() }: { contactId: string; now?: Date }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const [filter, setFilter] = useState<StoryFilter>(NO_FILTER);
  const tl = useApi<ApiResponse<"getContactTimeline">>(`/api/v1/contacts/${contactId}/timeline`, {
    limit: 100,
    cursor: cursors.at(-1),
  });
  const items = useMemo(() => foldTimeline(tl.data?.items ?? []), [tl.data]);
  const shown = filterStory(items, filter);
  return (
    <section className="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline</h2>
      <p className="muted">
        Oldest first, in the order things happened. The coordinator's decisions are folded under the touch
        they judged.
      </p>
      <ErrorNote error={tl.error} />
      {!tl.data && !tl.error ? (
        <p className="muted" aria-busy="true">
          Loading the timeline…
        </p>
      ) : null}
      {tl.data && tl.data.items.length === 0 ? <p className="muted">No events yet.</p> : null}
      {items.length ? <StoryFilters items={items} filter={filter} onChange={setFilter} /> : null}
      {items.length ? (
        <p className="muted" role="status" data-testid="timeline-count">
          {shown.length === items.length
            ? `${items.length} ${items.length === 1 ? "item" : "items"}`
            : `${shown.length} of ${items.length} items`}
        </p>
      ) : null}
      {shown.length ? (
        <ol className="timeline" data-testid="timeline">
          {shown.map((i) => (
            <StoryItemView key={i.head.event_id} item={i} now={now} />
          ))}
        </ol>
      ) : null}
      <Pager cursors={cursors} next={tl.data?.next_cursor} onChange={setCursors} />
    </section>
  );
}

function StoryFilters({
  items,
  filter,
  onChange,
}: {
  items: StoryItem<TimelineEntry>[];
  filter: StoryFilter;
  onChange(f: StoryFilter): void;
}) {
  const choices = filterChoices(items);
  const set = (patch: Partial<StoryFilter>) => onChange({ ...filter, ...patch });
  return (
    <div className="row timeline-filters" data-testid="timeline-filters">
      <div className="field">
        <label htmlFor="tl-kind">Show</label>
        <select id="tl-kind" value={filter.kind} onChange={(e) => set({ kind: e.target.value as StoryKind })}>
          <option value="">Everything</option>
          {choices.kinds.map((k) => (
            <option key={k} value={k}>
              {STORY_KINDS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="tl-channel">Channel</label>
        <select id="tl-channel" value={filter.channel} onChange={(e) => set({ channel: e.target.value })}>
          <option value="">Any channel</option>
          {choices.channels.map((c) => (
            <option key={c} value={c}>
              {label(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="tl-campaign">Campaign</label>
        <select id="tl-campaign" value={filter.campaign} onChange={(e) => set({ campaign: e.target.value })}>
          <option value="">Any campaign</option>
          {choices.campaigns.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {filter.kind || filter.channel || filter.campaign ? (
        <button type="button" className="link" onClick={() => onChange(NO_FILTER)}>
          Show everything
        </button>
      ) : null}
    </div>
  );
}

function StoryItemView({ item, now }: { item: StoryItem<TimelineEntry>; now: Date }) {
  const e = item.head;
  const n = item.decisions.length;
  return (
    <li data-testid="timeline-event" data-event-type={e.event_type} data-kind={item.kind}>
      <EventBody e={e} now={now} />
      {n > 0 ? (
        <details className="story-decisions" data-testid="timeline-decisions">
          <summary>
            {n === 1 ? "1 decision" : `${n} decisions`} of the coordinator before this
            {item.kind === "touch" ? " touch" : ""}
          </summary>
          <ol className="timeline decisions">
            {item.decisions.map((d) => (
              <li key={d.event_id} data-testid="timeline-decision" data-event-type={d.event_type}>
                <EventBody e={d} now={now} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      <Lineage e={e} />
    </li>
  );
}

function EventBody({ e, now }: { e: TimelineEntry; now: Date }) {
  const action = e.decision.action;
  const isHold = action === "hold" || action === "queue";
  return (
    <>
      <div className="row">
        <strong>{TITLES[e.event_type] ?? label(e.event_type)}</strong>
        {action && action !== "allow" ? <span className={`badge ${action}`}>{action}</span> : null}
        <time dateTime={e.occurred_at} className="muted">
          {fmtTime(e.occurred_at)}
        </time>
        {e.channel ? <span className="muted">{e.channel}</span> : null}
        {e.step_number ? <span className="muted">step {e.step_number}</span> : null}
      </div>
      {e.message ? (
        <details className="story-message" data-testid="touch-message">
          <summary>
            <span className="muted">Subject: </span>
            <strong data-testid="touch-subject">{e.message.subject ?? "(no subject)"}</strong>
          </summary>
          <div className="story-body" data-testid="touch-body">
            {e.message.body}
          </div>
        </details>
      ) : e.event_type === "touch" ? (
        <p className="muted">The message of this touch is not kept.</p>
      ) : null}
      {e.reply ? <ReplyPart reply={e.reply} /> : null}
      {e.event_type === "data_request_opened" ? (
        <p data-testid="data-request-due">
          {e.resolution === "access" ? "Access" : "Erasure"} request for a person (RevOps), due by law{" "}
          {fmtTime(String(e.details.due_at ?? ""))}
        </p>
      ) : null}
      {isHold ? <HoldStory e={e} now={now} /> : <Decision e={e} />}
    </>
  );
}

function ReplyPart({ reply }: { reply: NonNullable<TimelineEntry["reply"]> }) {
  const caused = reply.caused.map(effect);
  return (
    <div className="story-reply">
      <blockquote data-testid="reply-text">{reply.text}</blockquote>
      <p className="muted" data-testid="reply-reading">
        {reply.reading}
      </p>
      <p className="muted">
        Classed <strong data-testid="reply-intent">{label(reply.intent)}</strong>
        {reply.confidence !== null ? ` (${Math.round(reply.confidence * 100)}% sure)` : ""}
        {" · "}
        <span data-testid="reply-caused">
          {caused.length
            ? `led to ${caused.join(" and ")}`
            : reply.action === "continued"
              ? "the campaign went on"
              : label(reply.action)}
        </span>
        {reply.return_date ? ` · back ${fmtTime(reply.return_date)}` : ""}
      </p>
    </div>
  );
}

/** A decision's reason in words; a reply's hold (issue 56) links the triage or the review queue. */
function ReasonText({ reason }: { reason: string }) {
  if (reason === "reply_pending_triage")
    return (
      <strong data-testid="decision-reason">
        waiting for a person: reply pending <Link to="/replies">triage</Link>
      </strong>
    );
  if (reason === "reply_pending_review")
    return (
      <strong data-testid="decision-reason">
        waiting for a person: a reply Baton could not trust, pending <Link to="/inbound-review">review</Link>
      </strong>
    );
  return <strong data-testid="decision-reason">{holdReasonText(reason) ?? reasonLabel(reason)}</strong>;
}

// the word before a decision's reason: an allowed step's "no conflict" is not a suppression (a reason
// that only repeats it, a send's "allowed", is not shown)
const REASON_LEAD: Record<string, string> = { allow: "allowed", block: "suppressed" };

function Decision({ e }: { e: TimelineEntry }) {
  const { action, gate, reason } = e.decision;
  const lead = REASON_LEAD[action ?? ""] ?? "reason";
  const showReason = reason && reason !== lead && e.event_type !== "reply" && reason !== "sent";
  if (!gate && !showReason) return null;
  return (
    <p className="muted">
      {gate ? (GATES[gate] ?? `gate ${gate}`) : null}
      {showReason ? (
        <>
          {gate ? " · " : null}
          {lead}: <ReasonText reason={reason} />
        </>
      ) : null}
    </p>
  );
}

function HoldStory({ e, now }: { e: TimelineEntry; now: Date }) {
  const gate = e.decision.gate ? (GATES[e.decision.gate] ?? `gate ${e.decision.gate}`) : "the coordinator";
  const r = e.release;
  const until = e.decision.release_at;
  let release: string;
  if (r?.released_at) release = `released ${fmtTime(r.released_at)} (${label(r.released_by_event)})`;
  else if (r?.ended)
    release = `never released: the enrollment ended first (${TITLES[r.ended] ?? label(r.ended)})`;
  else if (until && new Date(until) > now) release = `still held until ${fmtTime(until)}`;
  else if (until) release = `due for release ${fmtTime(until)}, not released yet`;
  else release = "still held";
  return (
    <p className="muted">
      {e.decision.action === "queue" ? "Queued" : "Held"} by <span data-testid="hold-gate">{gate}</span>
      {e.decision.reason ? (
        <>
          : <ReasonText reason={e.decision.reason} />
        </>
      ) : null}{" "}
      · <span data-testid="hold-release">{release}</span>
    </p>
  );
}

function Lineage({ e }: { e: TimelineEntry }) {
  if (!e.campaign_id && !e.play_id && !e.originating_proposal_id && !e.originating_agent_id) return null;
  return (
    <p className="story-lineage">
      {e.campaign_id ? <Link to={`/campaigns/${e.campaign_id}`}>{e.campaign_name ?? "campaign"}</Link> : null}
      {e.play_id ? (
        <>
          {" · play "}
          <Link to={`/plays/${e.play_id}`} data-testid="event-play">
            {e.play_name ?? "(unnamed play)"}
          </Link>
        </>
      ) : null}
      {e.originating_proposal_id ? (
        <>
          {" · "}
          <Link to={`/proposals/${e.originating_proposal_id}`} data-testid="event-proposal">
            the brain's proposal
          </Link>
        </>
      ) : null}
      {e.originating_agent_id ? <span className="muted"> · asked by {e.originating_agent_id}</span> : null}
    </p>
  );
}
