// Approval inbox (spec 002 staged_drafts): each draft with its context (contact, company, campaign,
// step, content type, goal) and the step's writing instructions beside it; approve, edit then
// approve, or reject, one at a time or in bulk. A draft that still holds the template's note or a
// [bracketed] part is not offered for approval until a person has filled it (web/src/drafts.ts).
// Below: personal-send and LinkedIn tasks, marked done one at a time or in bulk.

import { type ReactNode, useState } from "react";
import { get, post } from "../api.ts";
import type { Campaign } from "../campaigns.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { HandoffsPanel } from "../components/handoffs-panel.tsx";
import { fmtTime, label } from "../format.ts";
import { Link } from "../router.tsx";
import { useAction, useApi } from "../use-api.ts";

export interface Draft {
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
export function campaignOf(slug: string): Promise<Campaign | null> {
  if (!campaignCache.has(slug)) {
    campaignCache.set(
      slug,
      get<Campaign>(`/api/v1/campaigns/${encodeURIComponent(slug)}`).catch(() => null),
    );
  }
  return campaignCache.get(slug)!;
}

export interface SenderIdentity {
  company_name: string;
  postal_address: string;
}

let identityOnce: Promise<SenderIdentity | null> | null = null;
export function senderIdentity(): Promise<SenderIdentity | null> {
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
export function FooterPreview({ identity }: { identity: SenderIdentity | null }) {
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
