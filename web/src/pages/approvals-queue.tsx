// The exec's approvals as a queue (issue 60 item 2): the drafts waiting, oldest first, in a list
// (a listbox: j/k move, x selects) beside the open draft, which shows what goes out (the words, the
// compliance footer a commercial email gets) and what the coordinator would decide if it went out
// now (src/coordinator/preview-decision.ts). `a` approves it and opens the next one; `e` edits; `r`
// rejects with a reason; `?` lists the keys. Filters by campaign, step, owner and age. "Approve
// ready" approves the selected (or every listed) draft that is ready, and lists the others apart
// with why they are not (web/src/drafts.ts: the server's own rule). Keys typed into a field are
// text, not shortcuts.
import { useEffect, useRef, useState } from "react";
import { ApiError, get, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { DraftsOverview } from "../components/drafts-overview.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { FilterSelect } from "../components/reply-triage-list.tsx";
import { type KeyRow, ShortcutsDialog } from "../components/shortcuts-dialog.tsx";
import { describeUnfinished, isUnfinished, ownWordsOf, unfinishedParts } from "../drafts.ts";
import { fmtTime, label } from "../format.ts";
import { Link } from "../router.tsx";
import { useSession } from "../session.tsx";
import { useApi } from "../use-api.ts";
import { campaignOf, type Draft, FooterPreview, type SenderIdentity, senderIdentity } from "./inbox-page.tsx";

const AGES: [string, string][] = [
  ["", "Any age"],
  ["1", "Older than a day"],
  ["3", "Older than 3 days"],
  ["7", "Older than a week"],
];

const KEYS: KeyRow[] = [
  ["j / ↓", "next draft"],
  ["k / ↑", "previous draft"],
  ["a", "approve (with your edit) and open the next"],
  ["e", "edit the words"],
  ["r", "reject, with a reason (Enter rejects, Esc goes back)"],
  ["x", "select or unselect the draft"],
  ["?", "this help"],
];

/** What still stands between a draft and its approval (null: ready). */
function notReady(d: Draft): string | null {
  const u = unfinishedParts(d.channel === "email" ? d.subject : null, d.body, ownWordsOf(d.context));
  return isUnfinished(u) ? describeUnfinished(u) : null;
}

function typing(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t.isContentEditable) return true;
  return t instanceof HTMLInputElement && t.type !== "checkbox" && t.type !== "radio";
}

const ctxOf = (d: Draft) => (d.context ?? {}) as Record<string, string | number | undefined>;

/** The exec's approvals (issue 60 item 1: where the exec lands); RevOps and admins read the drafts waiting. */
export function ApprovalsPage() {
  const { has } = useSession();
  return (
    <section>
      <h1 tabIndex={-1}>Approvals</h1>
      {has("exec") ? <ApprovalsQueue /> : <DraftsOverview />}
    </section>
  );
}

function ApprovalsQueue() {
  const drafts = useApi<ApiResponse<"listDrafts">>("/api/v1/drafts", { status: "pending", limit: 500 });
  const campaigns = useApi<ApiResponse<"listCampaigns">>("/api/v1/campaigns", { limit: 500 });
  const [filters, setFilters] = useState({ campaign: "", step: "", owner: "", age: "" });
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [rejecting, setRejecting] = useState(false);
  const [help, setHelp] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [notReadyList, setNotReadyList] = useState<{ d: Draft; why: string }[]>([]);
  const [error, setError] = useState<unknown>();
  const [edit, setEdit] = useState<{ id: string; subject: string; body: string } | null>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const now = useRef(Date.now()).current;

  const byslug = new Map((campaigns.data?.items ?? []).map((c) => [c.slug, c]));
  const all = (drafts.data?.items ?? []).filter((d) => !gone.has(d.id));
  const items = all.filter((d) => {
    const c = ctxOf(d);
    if (filters.campaign && c.campaign_slug !== filters.campaign) return false;
    if (filters.step && String(c.step_number) !== filters.step) return false;
    if (filters.owner && byslug.get(String(c.campaign_slug))?.owner_role !== filters.owner) return false;
    if (filters.age && now - Date.parse(d.created_at) < Number(filters.age) * 86_400_000) return false;
    return true;
  });
  const current = items.find((d) => d.id === currentId) ?? items[0] ?? null;
  const words = current && edit?.id === current.id ? edit : null;
  const campaignName = (d: Draft) => {
    const c = ctxOf(d);
    return String(c.campaign_name ?? byslug.get(String(c.campaign_slug))?.name ?? c.campaign_slug ?? "—");
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the open draft changes
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: "nearest" });
  }, [current?.id]);

  const next = (ids: string[]) => {
    const at = items.findIndex((d) => d.id === current?.id);
    const rest = items.filter((d) => !ids.includes(d.id));
    return rest.find((d) => items.indexOf(d) > at) ?? rest.at(-1) ?? null;
  };

  /** Decides drafts at once in the list (the next one opens), the call behind it. */
  const decide = (ids: string[], action: "approve" | "reject", payload: Record<string, unknown> = {}) => {
    if (!ids.length) return;
    const after = next(ids);
    setGone((g) => new Set([...g, ...ids]));
    setCurrentId(after?.id ?? null);
    setSelected(new Set());
    setRejecting(false);
    setEdit(null);
    setError(undefined);
    const call =
      ids.length === 1
        ? post(`/api/v1/drafts/${ids[0]}/${action}`, payload).then(() => [] as string[])
        : post<ApiResponse<"approveDrafts" | "rejectDrafts">>(`/api/v1/drafts/${action}`, {
            ids,
            ...payload,
          }).then((r) => r.results.filter((x) => !x.ok).map((x) => `${x.error?.message}`));
    call
      .then((refused) => {
        const verb = action === "approve" ? "approved" : "rejected";
        setNote(
          `${ids.length - refused.length} ${verb}${refused.length ? `; ${refused.length} refused: ${refused.join("; ")}` : ""}.`,
        );
      })
      .catch((e: unknown) => {
        // decided elsewhere meanwhile (409): it stays out; anything else comes back to the list
        if (!(e instanceof ApiError && e.status === 409))
          setGone((g) => new Set([...g].filter((id) => !ids.includes(id))));
        setError(e);
      });
  };

  const approveCurrent = () => {
    if (!current) return;
    const edited = words && (words.body !== current.body || words.subject !== (current.subject ?? ""));
    const draft = edited ? { ...current, body: words.body, subject: words.subject } : current;
    const why = notReady(draft);
    if (why) {
      setNote(`${ctxOf(current).contact_name ?? current.to_id}: not approved. ${why}`);
      return;
    }
    decide(
      [current.id],
      "approve",
      edited ? { body: words.body, ...(current.channel === "email" ? { subject: words.subject } : {}) } : {},
    );
  };

  const approveReady = () => {
    const pool = selected.size ? items.filter((d) => selected.has(d.id)) : items;
    const ready = pool.filter((d) => !notReady(d));
    setNotReadyList(pool.filter((d) => notReady(d)).map((d) => ({ d, why: notReady(d)! })));
    decide(
      ready.map((d) => d.id),
      "approve",
    );
  };

  const move = (by: number) => {
    if (!items.length) return;
    const at = Math.max(
      0,
      items.findIndex((d) => d.id === current?.id),
    );
    setCurrentId(items[Math.min(items.length - 1, Math.max(0, at + by))]!.id);
    setRejecting(false);
  };

  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    if (help) {
      if (e.key === "?") setHelp(false);
      return;
    }
    if (typing(e.target)) {
      if (e.key === "Escape") {
        (e.target as HTMLElement).blur();
        setRejecting(false);
      }
      return;
    }
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const act: Record<string, () => void> = {
      j: () => move(1),
      ArrowDown: () => move(1),
      k: () => move(-1),
      ArrowUp: () => move(-1),
      a: approveCurrent,
      e: () => bodyRef.current?.focus(),
      r: () => current && setRejecting(true),
      x: () =>
        current &&
        setSelected((s) => {
          const n = new Set(s);
          if (n.has(current.id)) n.delete(current.id);
          else n.add(current.id);
          return n;
        }),
      "?": () => setHelp(true),
    };
    const f = act[k];
    if (!f) return;
    e.preventDefault();
    f();
  };
  useEffect(() => {
    const on = (e: KeyboardEvent) => keys.current(e);
    document.addEventListener("keydown", on);
    return () => document.removeEventListener("keydown", on);
  }, []);

  // a chosen campaign or step stays in its list after its last draft went, so the select still
  // shows the filter in force ("Nothing waits … here"), not "All campaigns"
  const steps = [...new Set([...all.map((d) => String(ctxOf(d).step_number ?? "")), filters.step])]
    .filter(Boolean)
    .sort();
  const slugs = [
    ...new Set([...all.map((d) => String(ctxOf(d).campaign_slug ?? "")), filters.campaign]),
  ].filter(Boolean);
  const owners = [...new Set((campaigns.data?.items ?? []).map((c) => c.owner_role))].sort();
  const set = (name: keyof typeof filters) => (v: string) => setFilters((f) => ({ ...f, [name]: v }));
  const readyCount = (selected.size ? items.filter((d) => selected.has(d.id)) : items).filter(
    (d) => !notReady(d),
  ).length;

  return (
    <>
      <div className="filters">
        <FilterSelect
          id="appr-campaign"
          label="Campaign"
          value={filters.campaign}
          onChange={set("campaign")}
          options={[
            ["", "All campaigns"],
            ...slugs.map((s): [string, string] => [s, byslug.get(s)?.name ?? s]),
          ]}
        />
        <FilterSelect
          id="appr-step"
          label="Step"
          value={filters.step}
          onChange={set("step")}
          options={[["", "Every step"], ...steps.map((s): [string, string] => [s, `Step ${s}`])]}
        />
        <FilterSelect
          id="appr-owner"
          label="Owner"
          value={filters.owner}
          onChange={set("owner")}
          options={[["", "Every owner"], ...owners.map((o): [string, string] => [o, label(o)])]}
        />
        <FilterSelect id="appr-age" label="Age" value={filters.age} onChange={set("age")} options={AGES} />
        <span className="muted" role="status" data-testid="approvals-count">
          {drafts.data ? `${items.length} waiting${selected.size ? ` · ${selected.size} selected` : ""}` : ""}
        </span>
        <button type="button" className="primary" disabled={!readyCount} onClick={approveReady}>
          Approve ready ({readyCount})
        </button>
        <button type="button" onClick={() => setHelp(true)}>
          Keys <kbd className="key">?</kbd>
        </button>
      </div>
      <ErrorNote error={error ?? drafts.error} />
      {note ? (
        <p className="notice" data-testid="bulk-result">
          {note}
        </p>
      ) : null}
      {notReadyList.length ? (
        <section className="card warn-box" aria-labelledby="not-ready-h" data-testid="not-ready">
          <h2 id="not-ready-h">Not approved: still to fill ({notReadyList.length})</h2>
          <ul>
            {notReadyList.map(({ d, why }) => (
              <li key={d.id}>
                <button type="button" className="link" onClick={() => setCurrentId(d.id)}>
                  {String(ctxOf(d).contact_name ?? d.to_id)}
                </button>{" "}
                · {campaignName(d)}, step {ctxOf(d).step_number}: {why}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {drafts.data && items.length === 0 ? (
        <p className="card muted" data-testid="approvals-empty">
          Nothing waits for your approval
          {filters.campaign || filters.step || filters.owner || filters.age ? " here" : ""}.
        </p>
      ) : null}
      {items.length ? (
        <div className="triage">
          <div
            ref={listRef}
            className="triage-list card"
            role="listbox"
            aria-label="Drafts waiting, oldest first"
            aria-multiselectable="true"
            aria-activedescendant={current ? `appr-${current.id}` : undefined}
            tabIndex={0}
          >
            {items.map((d) => {
              const c = ctxOf(d);
              const why = notReady(d);
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the list's keys are the page's (j/k/x)
                <div
                  key={d.id}
                  id={`appr-${d.id}`}
                  role="option"
                  tabIndex={-1}
                  data-testid="approval-row"
                  aria-selected={selected.has(d.id)}
                  aria-current={d.id === current?.id ? "true" : undefined}
                  className={selected.has(d.id) ? "selected" : undefined}
                  onClick={() => setCurrentId(d.id)}
                >
                  <span className="triage-open">
                    <span className="row">
                      <strong>{String(c.contact_name ?? d.to_id)}</strong>
                      <span className="muted">{String(c.company ?? "")}</span>
                      {why ? <span className="badge warn">to fill</span> : null}
                    </span>
                    <span className="excerpt">{d.subject ?? d.body.split("\n")[0]}</span>
                    <span className="muted triage-when">
                      {campaignName(d)} · step {String(c.step_number ?? "—")} · {fmtTime(d.created_at)}
                    </span>
                  </span>
                </div>
              );
            })}
          </div>
          {current ? (
            <DraftDetail
              key={current.id}
              draft={current}
              campaignName={campaignName(current)}
              subject={words?.subject ?? current.subject ?? ""}
              body={words?.body ?? current.body}
              onWords={(subject, body) => setEdit({ id: current.id, subject, body })}
              bodyRef={bodyRef}
              rejecting={rejecting}
              onApprove={approveCurrent}
              onReject={(reason) => decide([current.id], "reject", reason ? { reason } : {})}
              onCancelReject={() => setRejecting(false)}
              onAskReject={() => setRejecting(true)}
            />
          ) : null}
        </div>
      ) : null}
      {help ? <KeysHelp onClose={() => setHelp(false)} /> : null}
    </>
  );
}

type Verdict = ApiResponse<"previewCoordinator">;

/** What the coordinator would decide for this draft's enrollment if it went out now (writes nothing). */
function useVerdict(draft: Draft): Verdict | null | undefined {
  const [v, setV] = useState<Verdict | null | undefined>(undefined);
  useEffect(() => {
    const c = ctxOf(draft);
    if (!c.contact_id) return setV(null);
    let live = true;
    // opened for a moment while moving through the list: asked only once it stays open
    const t = setTimeout(() => {
      get<ApiResponse<"listContactEnrollments">>(
        `/api/v1/contacts/${encodeURIComponent(String(c.contact_id))}/enrollments`,
      )
        .then((r) => {
          const e = r.items.find((x) => x.campaign === c.campaign_slug && x.status !== "exited");
          return e
            ? post<Verdict>("/api/v1/coordinator/preview", {
                contact_id: String(c.contact_id),
                enrollment_id: e.id,
              })
            : null;
        })
        .then((x) => live && setV(x))
        .catch(() => live && setV(null));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [draft]);
  return v;
}

function DraftDetail(p: {
  draft: Draft;
  campaignName: string;
  subject: string;
  body: string;
  onWords(subject: string, body: string): void;
  bodyRef: React.RefObject<HTMLTextAreaElement | null>;
  rejecting: boolean;
  onApprove(): void;
  onReject(reason: string): void;
  onCancelReject(): void;
  onAskReject(): void;
}) {
  const d = p.draft;
  const c = ctxOf(d);
  const [reason, setReason] = useState("");
  const [footer, setFooter] = useState<{ identity: SenderIdentity | null } | null>(null);
  const [instructions, setInstructions] = useState("");
  const verdict = useVerdict(d);
  useEffect(() => {
    if (!c.campaign_slug) return;
    let live = true;
    void campaignOf(String(c.campaign_slug)).then(async (camp) => {
      if (!live) return;
      setInstructions(
        camp?.steps.find((s) => s.step_number === Number(c.step_number))?.template_instructions ?? "",
      );
      const commercial = d.channel === "email" && !!camp && camp.kind !== "transactional";
      const identity = commercial ? await senderIdentity() : null;
      if (live) setFooter(commercial ? { identity } : null);
    });
    return () => {
      live = false;
    };
  }, [c.campaign_slug, c.step_number, d.channel]);
  const unfinished = unfinishedParts(d.channel === "email" ? p.subject : null, p.body, ownWordsOf(d.context));
  const id = d.id.slice(0, 8);
  return (
    <article className="card" data-testid="draft" aria-labelledby={`d-${id}`}>
      <h2 id={`d-${id}`}>
        {String(c.contact_name ?? d.to_id)} <span className="muted">{String(c.company ?? "")}</span>
      </h2>
      <p className="muted">
        {p.campaignName} · step {String(c.step_number ?? "—")} ({label(String(c.content_type ?? ""))}) ·{" "}
        {d.channel} to {d.to_id} · drafted by {d.drafted_by} {fmtTime(d.created_at)}
        {c.contact_id ? (
          <>
            {" "}
            · <Link to={`/contacts/${c.contact_id}`}>prospect timeline</Link>
          </>
        ) : null}
      </p>
      {d.channel === "email" ? (
        <div className="field">
          <label htmlFor={`subj-${id}`}>Subject</label>
          <input id={`subj-${id}`} value={p.subject} onChange={(e) => p.onWords(e.target.value, p.body)} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`body-${id}`}>Message</label>
        <textarea
          id={`body-${id}`}
          ref={p.bodyRef}
          rows={8}
          value={p.body}
          onChange={(e) => p.onWords(p.subject, e.target.value)}
        />
      </div>
      {footer ? <FooterPreview identity={footer.identity} /> : null}
      <p data-testid="draft-verdict" className={verdict?.verdict === "blocked" ? "warn-box" : "muted"}>
        {verdict === undefined
          ? "Asking the coordinator…"
          : verdict === null
            ? "The coordinator's verdict: no live enrollment to judge."
            : `If sent now, the coordinator: ${verdict.verdict}${verdict.reason ? ` (${verdict.reason})` : ""}${
                verdict.until ? `, until ${fmtTime(verdict.until)}` : ""
              }.`}
      </p>
      {isUnfinished(unfinished) ? (
        <p className="warn-box" data-testid="draft-unfinished">
          {describeUnfinished(unfinished)}
        </p>
      ) : null}
      {p.rejecting ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            p.onReject(reason);
          }}
        >
          <div className="field">
            <label htmlFor={`rej-${id}`}>Reject reason</label>
            {/* biome-ignore lint/a11y/noAutofocus: `r` opens the reason to type */}
            <input id={`rej-${id}`} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className="danger">
            Reject
          </button>
          <button type="button" onClick={p.onCancelReject}>
            Back
          </button>
        </form>
      ) : (
        <div className="row">
          <button type="button" className="primary" disabled={isUnfinished(unfinished)} onClick={p.onApprove}>
            <kbd className="key">a</kbd> Approve and next
          </button>
          <button type="button" className="danger" onClick={p.onAskReject}>
            <kbd className="key">r</kbd> Reject…
          </button>
        </div>
      )}
      <h3>Writing instructions for this step</h3>
      <p data-testid="instructions">{instructions || <span className="muted">—</span>}</p>
    </article>
  );
}

function KeysHelp({ onClose }: { onClose(): void }) {
  return (
    <ShortcutsDialog
      id="appr-keys-h"
      testId="shortcuts"
      caption="Keys of the approvals"
      rows={KEYS}
      onClose={onClose}
    />
  );
}
