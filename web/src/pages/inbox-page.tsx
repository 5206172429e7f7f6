// Approval inbox (spec 002 staged_drafts): each draft with its context (contact, company, campaign,
// step, content type, goal) and the step's writing instructions beside it; approve, edit then
// approve, or reject, one at a time or in bulk. A draft that still holds the template's note or a
// [bracketed] part is not offered for approval until a person has filled it (web/src/drafts.ts).
// Below: personal-send and LinkedIn tasks, marked done one at a time or in bulk.

import { type ReactNode, useState } from "react";
import { hasSubject, isSendingChannel } from "../../../src/channels/channel-kinds.ts";
import { get, post } from "../api.ts";
import type { Campaign } from "../campaigns.ts";
import { DraftsOverview } from "../components/drafts-overview.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { HandoffsPanel } from "../components/handoffs-panel.tsx";
import { describeUnfinished, isUnfinished, ownWordsOf, unfinishedParts } from "../drafts.ts";
import { fmtTime, label } from "../format.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useAction, useApi } from "../use-api.ts";

interface Draft {
  id: string;
  status: string;
  channel: string;
  to_id: string;
  subject: string | null;
  body: string;
  original_body: string | null;
  context: Record<string, any>;
  requires_personal_send: boolean;
  drafted_by: string;
  created_at: string;
}

interface RepTask {
  id: string;
  kind: string;
  status: string;
  channel: string;
  to_id: string;
  subject: string | null;
  body: string;
  contact_id: string;
  created_at: string;
  done_at: string | null;
}

const campaignCache = new Map<string, Promise<Campaign | null>>();
function campaignOf(slug: string): Promise<Campaign | null> {
  if (!campaignCache.has(slug)) {
    campaignCache.set(
      slug,
      get<Campaign>(`/api/v1/campaigns/${encodeURIComponent(slug)}`).catch(() => null),
    );
  }
  return campaignCache.get(slug)!;
}

interface SenderIdentity {
  company_name: string;
  postal_address: string;
}

let identityOnce: Promise<SenderIdentity | null> | null = null;
function senderIdentity(): Promise<SenderIdentity | null> {
  identityOnce ??= get<{ identity: SenderIdentity | null }>("/api/v1/sender-identity")
    .then((r) => r.identity)
    .catch(() => null);
  return identityOnce;
}

/**
 * What the send adds below a commercial email's words (src/channels/compliance-footer.ts): the
 * company, its postal address and the contact's own unsubscribe link, so what a person approves is
 * what goes out. Transactional mail carries none; without an address the send is refused.
 */
function FooterPreview({ identity }: { identity: SenderIdentity | null }) {
  if (!identity) {
    return (
      <p className="warn-box" data-testid="draft-footer-missing">
        Commercial email carries your company and postal address, and this draft is not sent until they are
        set: <Link to="/mailboxes">set them on Mailboxes</Link>.
      </p>
    );
  }
  const address = identity.postal_address
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(", ");
  return (
    <div className="footer-preview" data-testid="draft-footer">
      <span className="muted">Added below when it is sent:</span>
      <pre>{`--\n${identity.company_name.trim()}, ${address}\nTo stop receiving these emails: [this contact's unsubscribe link]`}</pre>
    </div>
  );
}

type BulkItem = { id: string; ok: boolean; error?: { code: string; message: string } };

/** A bulk call's results in one line: how many went through, and each refusal with its code. */
function summarize(results: BulkItem[], verb: string): string {
  const failed = results.filter((x) => !x.ok);
  const refused = failed.map((f) => `${f.error?.message} (${f.error?.code})`).join("; ");
  return `${results.length - failed.length} ${verb}${failed.length ? `; ${failed.length} refused: ${refused}` : ""}`;
}

/** `selected` with `id` added (on) or removed. */
function toggled(selected: Set<string>, id: string, on: boolean): Set<string> {
  const next = new Set(selected);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/** "Select all" over a list's items, then the list's bulk buttons. */
function SelectAllBar({
  ids,
  selected,
  onSelect,
  children,
}: {
  ids: string[];
  selected: Set<string>;
  onSelect(next: Set<string>): void;
  children: ReactNode;
}) {
  return (
    <div className="row">
      <label className="inline">
        <input
          type="checkbox"
          checked={selected.size === ids.length}
          onChange={(e) => onSelect(e.target.checked ? new Set(ids) : new Set())}
        />{" "}
        Select all
      </label>
      {children}
    </div>
  );
}

/** The exec's approvals (issue 60 item 1: where the exec lands); RevOps and admins read the drafts waiting. */
export function ApprovalsPage() {
  const { has } = useSession();
  return (
    <section>
      <h1 tabIndex={-1}>Approvals</h1>
      {has("exec") ? <DraftsPanel /> : <DraftsOverview />}
    </section>
  );
}

/** The exec's hand-offs, a queue of their own. */
export function HandoffsPage() {
  return (
    <section>
      <h1 tabIndex={-1}>Hand-offs</h1>
      <HandoffsPanel />
    </section>
  );
}

/** The manual touches: the rep's LinkedIn steps, the exec's personal sends. */
export function TasksPage() {
  return (
    <section>
      <h1 tabIndex={-1}>Tasks</h1>
      <TasksPanel />
    </section>
  );
}

function DraftsPanel() {
  const drafts = useApi<{ items: Draft[] }>("/api/v1/drafts", { status: "pending", limit: 100 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkNote, setBulkNote] = useState<string | null>(null);
  const act = useAction();
  const items = drafts.data?.items ?? [];
  const bulk = async (action: "approve" | "reject") => {
    // drafts with parts still to fill are approved one at a time, after a person's edit
    const unfinished = new Set(
      items
        .filter((d) => isUnfinished(unfinishedParts(d.subject, d.body, ownWordsOf(d.context))))
        .map((d) => d.id),
    );
    const ids = [...selected].filter((id) => action === "reject" || !unfinished.has(id));
    const skipped = selected.size - ids.length;
    const skip = skipped
      ? `${skipped} not approved: still to fill (edit each, then approve it on its own)`
      : "";
    let summary = "";
    const ok = await act.run(async () => {
      if (!ids.length) return;
      const r = await post<{ results: BulkItem[] }>(`/api/v1/drafts/${action}`, { ids });
      summary = summarize(r.results, action === "approve" ? "approved" : "rejected");
    });
    summary = [summary, skip].filter(Boolean).join("; ");
    if (ok) {
      setBulkNote(summary);
      setSelected(new Set());
      drafts.reload();
    }
  };
  return (
    <section className="card" aria-labelledby="drafts-h">
      <h2 id="drafts-h">Staged drafts waiting for approval ({items.length})</h2>
      <ErrorNote error={drafts.error ?? act.error} />
      {bulkNote ? (
        <p className="notice" data-testid="bulk-result">
          {bulkNote}
        </p>
      ) : null}
      {items.length ? (
        <SelectAllBar ids={items.map((d) => d.id)} selected={selected} onSelect={setSelected}>
          <button
            type="button"
            className="primary"
            disabled={!selected.size || act.busy}
            onClick={() => void bulk("approve")}
          >
            Approve selected ({selected.size})
          </button>
          <button
            type="button"
            className="danger"
            disabled={!selected.size || act.busy}
            onClick={() => void bulk("reject")}
          >
            Reject selected
          </button>
        </SelectAllBar>
      ) : (
        <p className="muted">Nothing waiting for approval.</p>
      )}
      {items.map((d) => (
        <DraftCard
          key={d.id}
          draft={d}
          selected={selected.has(d.id)}
          onSelect={(on) => {
            setSelected(toggled(selected, d.id, on));
          }}
          onDone={drafts.reload}
        />
      ))}
    </section>
  );
}

function DraftCard({
  draft,
  selected,
  onSelect,
  onDone,
}: {
  draft: Draft;
  selected: boolean;
  onSelect(on: boolean): void;
  onDone(): void;
}) {
  const ctx = draft.context ?? {};
  const [body, setBody] = useState(draft.body);
  const [subject, setSubject] = useState(draft.subject ?? "");
  const [reason, setReason] = useState("");
  const [instructions, setInstructions] = useState<string | null>(null);
  // undefined until known; null: no footer (not email, or a transactional campaign)
  const [footer, setFooter] = useState<{ identity: SenderIdentity | null } | null | undefined>(undefined);
  const act = useAction();
  if (instructions === null && ctx.campaign_slug) {
    setInstructions("");
    void campaignOf(String(ctx.campaign_slug)).then(async (c) => {
      setInstructions(
        c?.steps.find((s) => s.step_number === Number(ctx.step_number))?.template_instructions ?? "",
      );
      // the compliance footer is added to what the engine sends itself (email), not to a task's message
      const commercial = isSendingChannel(draft.channel) && !!c && c.kind !== "transactional";
      setFooter(commercial ? { identity: await senderIdentity() } : null);
    });
  }
  const edited = body !== draft.body || subject !== (draft.subject ?? "");
  const unfinished = unfinishedParts(
    hasSubject(draft.channel) ? subject : null,
    body,
    ownWordsOf(draft.context),
  );
  const approve = async () => {
    const payload = edited ? { body, ...(hasSubject(draft.channel) ? { subject } : {}) } : {};
    if (await act.run(() => post(`/api/v1/drafts/${draft.id}/approve`, payload))) onDone();
  };
  const reject = async () => {
    if (await act.run(() => post(`/api/v1/drafts/${draft.id}/reject`, reason ? { reason } : {}))) onDone();
  };
  const id = draft.id.slice(0, 8);
  return (
    <article className="card" data-testid="draft" aria-labelledby={`d-${id}`}>
      <div className="split">
        <div>
          <h3 id={`d-${id}`}>
            <label className="inline">
              <input
                type="checkbox"
                checked={selected}
                onChange={(e) => onSelect(e.target.checked)}
                aria-label={`Select draft to ${ctx.contact_name ?? draft.to_id}`}
              />{" "}
              {ctx.contact_name ?? draft.to_id}
            </label>{" "}
            <span className="muted">{ctx.company ?? ""}</span>
          </h3>
          <p className="muted">
            {draft.channel} to {draft.to_id} · drafted by {draft.drafted_by} {fmtTime(draft.created_at)}
            {draft.requires_personal_send ? (
              <span className="badge hold"> you send this one personally</span>
            ) : null}
          </p>
          {hasSubject(draft.channel) ? (
            <div className="field">
              <label htmlFor={`subj-${id}`}>Subject</label>
              <input id={`subj-${id}`} value={subject} onChange={(e) => setSubject(e.target.value)} />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`body-${id}`}>Message</label>
            <textarea id={`body-${id}`} rows={7} value={body} onChange={(e) => setBody(e.target.value)} />
          </div>
          {footer ? <FooterPreview identity={footer.identity} /> : null}
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={act.busy || isUnfinished(unfinished)}
              onClick={() => void approve()}
            >
              {edited ? "Save edit and approve" : "Approve"}
            </button>
            <div className="field">
              <label htmlFor={`rej-${id}`}>Reject reason</label>
              <input id={`rej-${id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
            <button type="button" className="danger" disabled={act.busy} onClick={() => void reject()}>
              Reject
            </button>
          </div>
          {isUnfinished(unfinished) ? (
            <p className="warn-box" data-testid="draft-unfinished">
              {describeUnfinished(unfinished)}
            </p>
          ) : null}
          <ErrorNote error={act.error} />
        </div>
        <aside aria-label="Context and writing instructions">
          <dl className="context">
            <dt>Campaign</dt>
            <dd>
              {ctx.campaign_slug ? (
                <Link to={`/campaigns/${ctx.campaign_slug}`}>{String(ctx.campaign_slug)}</Link>
              ) : (
                "—"
              )}
            </dd>
            <dt>Step</dt>
            <dd>
              {ctx.step_number ?? "—"} · {label(ctx.content_type)}
            </dd>
            <dt>Goal</dt>
            <dd>{label(ctx.goal)}</dd>
            <dt>Prospect</dt>
            <dd>{ctx.contact_id ? <Link to={`/contacts/${ctx.contact_id}`}>timeline</Link> : "—"}</dd>
          </dl>
          {ctx.held_for_review === "placeholder" ? (
            <p className="warn-box" data-testid="held-for-review">
              This campaign sends without approval; this draft waits for you because it still has parts to
              fill.
            </p>
          ) : null}
          <h4>Writing instructions for this step</h4>
          <p data-testid="instructions">{instructions || <span className="muted">—</span>}</p>
        </aside>
      </div>
    </article>
  );
}

function TasksPanel() {
  const tasks = useApi<{ items: RepTask[] }>("/api/v1/rep-tasks", { status: "open", limit: 100 });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkNote, setBulkNote] = useState<string | null>(null);
  const act = useAction();
  const done = async (t: RepTask) => {
    if (await act.run(() => post(`/api/v1/rep-tasks/${t.id}/done`))) tasks.reload();
  };
  // the selected tasks in one call (one transaction): a result per task, refusals listed
  const doneSelected = async () => {
    let summary = "";
    const ok = await act.run(async () => {
      const r = await post<{ results: BulkItem[] }>("/api/v1/rep-tasks/done", { ids: [...selected] });
      summary = summarize(r.results, "marked done");
    });
    if (ok) {
      setBulkNote(summary);
      setSelected(new Set());
      tasks.reload();
    }
  };
  const items = tasks.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="tasks-h">
      <h2 id="tasks-h">My manual touches ({items.length})</h2>
      <p className="muted">LinkedIn steps and close steps you send personally. Mark each done once sent.</p>
      <ErrorNote error={tasks.error ?? act.error} />
      {bulkNote ? (
        <p className="notice" data-testid="tasks-bulk-result">
          {bulkNote}
        </p>
      ) : null}
      {items.length === 0 && !tasks.error ? <p className="muted">No open tasks.</p> : null}
      {items.length > 1 ? (
        <SelectAllBar ids={items.map((t) => t.id)} selected={selected} onSelect={setSelected}>
          <button
            type="button"
            className="primary"
            disabled={!selected.size || act.busy}
            onClick={() => void doneSelected()}
          >
            Mark selected done ({selected.size})
          </button>
        </SelectAllBar>
      ) : null}
      <ul className="timeline">
        {items.map((t) => (
          <li key={t.id} data-testid="rep-task">
            {items.length > 1 ? (
              <>
                <input
                  type="checkbox"
                  checked={selected.has(t.id)}
                  onChange={(e) => {
                    setSelected(toggled(selected, t.id, e.target.checked));
                  }}
                  aria-label={`Select ${label(t.kind)} to ${t.to_id}`}
                />{" "}
              </>
            ) : null}
            <strong>{label(t.kind)}</strong> · {t.channel} to {t.to_id}{" "}
            <span className="muted">{fmtTime(t.created_at)}</span>
            {t.subject ? <div>Subject: {t.subject}</div> : null}
            <pre className="diff">{t.body}</pre>
            <div className="row">
              <Link to={`/contacts/${t.contact_id}`}>Prospect timeline</Link>
              <button type="button" className="primary" disabled={act.busy} onClick={() => void done(t)}>
                Mark done
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
