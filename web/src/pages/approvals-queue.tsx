// The exec's approvals as a queue (issue 60 item 2): the drafts waiting, oldest first, in a list
// (a listbox: j/k move, x selects) beside the open draft, which shows what goes out (the words, the
// compliance footer a commercial email gets) and what the coordinator would decide if it went out
// now (src/coordinator/preview-decision.ts). `a` approves it and opens the next one; `e` edits; `r`
// rejects with a reason; `?` lists the keys. Filters by campaign, step, owner and age. "Approve
// ready" approves the selected (or every listed) draft that is ready, and lists the others apart
// with why they are not (web/src/drafts.ts: the server's own rule). Keys typed into a field are
// text, not shortcuts.
// The list, the open draft, its coordinator verdict and the keys are in approvals-queue/.
import { useEffect, useRef, useState } from "react";
import { ApiError, post } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { DraftsOverview } from "../components/drafts-overview.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { FilterSelect } from "../components/reply-triage-list.tsx";
import { label } from "../format.ts";
import { useSession } from "../session.tsx";
import { useApi } from "../use-api.ts";
import { ctxOf, notReady } from "./approvals-queue/draft-context.ts";
import { DraftDetail } from "./approvals-queue/draft-detail.tsx";
import { DraftList } from "./approvals-queue/draft-list.tsx";
import { NotReadyList } from "./approvals-queue/not-ready-list.tsx";
import { KeysHelp, typing } from "./approvals-queue/queue-keys.tsx";
import type { Draft } from "./inbox-page.tsx";

const AGES: [string, string][] = [
  ["", "Any age"],
  ["1", "Older than a day"],
  ["3", "Older than 3 days"],
  ["7", "Older than a week"],
];

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
        <NotReadyList notReadyList={notReadyList} campaignName={campaignName} onOpen={setCurrentId} />
      ) : null}
      {drafts.data && items.length === 0 ? (
        <p className="card muted" data-testid="approvals-empty">
          Nothing waits for your approval
          {filters.campaign || filters.step || filters.owner || filters.age ? " here" : ""}.
        </p>
      ) : null}
      {items.length ? (
        <div className="triage">
          <DraftList
            items={items}
            current={current}
            selected={selected}
            listRef={listRef}
            campaignName={campaignName}
            onOpen={setCurrentId}
          />
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
