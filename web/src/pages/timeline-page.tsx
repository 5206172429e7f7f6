// A prospect: who they are, what a person can do (components/prospect-actions.tsx: each action
// with the coordinator's verdict first), and their timeline (spec 001 event log) told as a story in
// components/timeline-story.tsx. A prospect that is not there for this person (another workspace's,
// or outside their book: docs/books.md, a stale link) is one "not found" note, and no timeline.
import { useState } from "react";
import { ErrorNote } from "../components/error-note.tsx";
import { ProspectActions } from "../components/prospect-actions.tsx";
import { ReplyHolds } from "../components/reply-holds.tsx";
import { TimelineStory } from "../components/timeline-story.tsx";
import { useApi } from "../use-api.ts";
import type { ContactSummary } from "./contacts-page.tsx";
import { EraseAction } from "./erase-action.tsx";

export function TimelinePage({ id }: { id: string }) {
  const contact = useApi<ContactSummary>(`/api/v1/workspace/contacts/${id}`);
  // the timeline reloads by being made again (after an erasure)
  const [story, setStory] = useState(0);
  const c = contact.data;
  return (
    <section>
      <h1 tabIndex={-1}>{c ? c.full_name : "Prospect"}</h1>
      <ErrorNote error={contact.error} />
      {c ? (
        <p className="row">
          <span>{c.title ?? ""}</span>
          <span>{c.company ?? "No company"}</span>
          <span className="muted" data-testid="prospect-facts">
            {c.icp_tier ?? "—"} · {c.segment_name ?? c.segment ?? "—"} · {c.email ?? "no email"}
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
      {c ? <ReplyHolds key={story} contactId={id} /> : null}
      {c ? (
        <ProspectActions
          contactId={id}
          optedOut={c.opted_out}
          onChanged={() => [contact.reload(), setStory((n) => n + 1)]}
        />
      ) : null}
      {c ? <EraseAction contactId={id} onErased={() => [contact.reload(), setStory((n) => n + 1)]} /> : null}
      {contact.error ? null : <TimelineStory key={story} contactId={id} />}
    </section>
  );
}
