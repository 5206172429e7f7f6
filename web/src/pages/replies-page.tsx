// Replies (issue 56 item 2): the triage queue. A person's reply held the contact's automatic touches
// when Baton was not sure what it meant; here a person decides, with one key or click a reply:
// continue, exit (a reason), opt out, later (a date), referral (a person), hand off, not a reply.
// The list (oldest first) sits beside the open reply; after a decision the next one opens. Keys: see
// components/reply-shortcuts.tsx (`?`). The API decides whose queue this is (the role that owns the
// enrollment; RevOps all): the page shows what it gets.
import { useEffect, useRef, useState } from "react";
import { assertNever } from "../../../src/campaigns/contract.ts";
import { ApiError } from "../api.ts";
import type { ApiResponse } from "../api-types.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { type AskingKind, ReplyDecisionForm } from "../components/reply-decision-form.tsx";
import { ReplyDetail } from "../components/reply-detail.tsx";
import { ReplyShortcuts } from "../components/reply-shortcuts.tsx";
import { FilterSelect, OWNERS, ReplyTriageList } from "../components/reply-triage-list.tsx";
import {
  ALREADY_DECIDED,
  CHOICES,
  type ChoiceKind,
  type Decision,
  decide,
  TRIAGE_PATH,
  triageChanged,
} from "../reply-triage.ts";
import { Link, navigate, useLocation } from "../router.tsx";
import { type KeyAction, keyAction } from "../triage-keys.ts";
import { useApi } from "../use-api.ts";

/** What a decision did, for the note after it. */
const DONE: Record<ChoiceKind, string> = {
  continue: "continued",
  exit: "exited",
  opt_out: "opted out",
  later: "paused until later",
  referral: "referral proposed to the exec",
  handoff: "handed off to the exec",
  not_a_reply: "not a reply: resumed",
};

type Queue = ApiResponse<"listReplyTriage">;

export function RepliesPage() {
  const { search } = useLocation();
  const campaign = search.get("campaign") ?? "";
  const owner = search.get("owner") ?? "";
  // one prospect's replies (the prospect page links here)
  const contactId = search.get("contact_id") ?? "";
  const queue = useApi<Queue>(TRIAGE_PATH, { campaign, owner, contact_id: contactId, limit: 100 });
  const campaigns = useApi<ApiResponse<"listCampaigns">>("/api/v1/campaigns", { limit: 500 });
  // decided here (in flight or done): out of the list at once, so the next reply opens without a wait
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const [inFlight, setInFlight] = useState(0);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ kind: AskingKind; ids: string[] } | null>(null);
  const [help, setHelp] = useState(false);
  const [quoteOpen, setQuoteOpen] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const now = useRef(new Date()).current;

  const items = (queue.data?.items ?? []).filter((r) => !gone.has(r.reply_id));
  const current = items.find((r) => r.reply_id === currentId) ?? items[0] ?? null;
  // the open reply in full (the list may carry less); the list's row until it is in
  const one = useApi<ApiResponse<"getReplyTriage">>(current ? `${TRIAGE_PATH}/${current.reply_id}` : null);
  const full = one.data && one.data.reply_id === current?.reply_id ? one.data : null;
  const detail = full ?? current;
  const targets = (): string[] =>
    selected.size
      ? items.filter((r) => selected.has(r.reply_id)).map((r) => r.reply_id)
      : current
        ? [current.reply_id]
        : [];

  const run = (ids: string[], d: Decision) => {
    if (ids.length === 0) return;
    const at = items.findIndex((r) => r.reply_id === current?.reply_id);
    const rest = items.filter((r) => !ids.includes(r.reply_id));
    const next = rest.find((r) => items.indexOf(r) > at) ?? rest.at(-1) ?? null;
    setGone((g) => new Set([...g, ...ids]));
    setCurrentId(next?.reply_id ?? null);
    setSelected(new Set());
    setAsking(null);
    setQuoteOpen(false);
    setError(undefined);
    setInFlight((n) => n + 1);
    const what = DONE[d.kind];
    const only = ids.length === 1 ? items.find((r) => r.reply_id === ids[0]) : undefined;
    const whose = only ? only.contact.full_name : `${ids.length} replies`;
    decide(ids, d)
      .then((outcomes) => {
        // decided by someone else meanwhile: gone all the same; anything else comes back
        const back = outcomes.filter((o) => !o.ok && o.error?.code !== ALREADY_DECIDED);
        if (back.length) {
          setGone((g) => new Set([...g].filter((id) => !back.some((o) => o.reply_id === id))));
          setNote(
            `${ids.length - back.length} decided (${what}); ${back.length} refused: ${back
              .map((o) => o.error?.message)
              .join("; ")}`,
          );
        } else setNote(`${whose}: ${what}.`);
      })
      .catch((e: unknown) => {
        // decided first by someone else (or never in triage): it stays out of the queue, and says so
        if (!(e instanceof ApiError && e.status === 409))
          setGone((g) => new Set([...g].filter((id) => !ids.includes(id))));
        setError(e);
      })
      .finally(() => {
        setInFlight((n) => n - 1);
        triageChanged();
      });
  };

  // the first page refills from the server once the decisions are in and the list runs low
  const low = items.length < 25 && (items.length === 0 || !!queue.data?.next_cursor);
  const { reload } = queue;
  useEffect(() => {
    if (inFlight === 0 && low && gone.size > 0) reload();
  }, [inFlight, low, gone.size, reload]);

  const choose = (kind: ChoiceKind) => {
    const ids = targets();
    if (ids.length === 0) return;
    const c = CHOICES.find((x) => x.kind === kind)!;
    const refused =
      ids.length === 1 ? full?.choices.find((v) => v.decision === kind && !v.allowed) : undefined;
    if (refused) {
      setNote(`${c.label.replace("…", "")} is not for you here: ${refused.why_not}`);
      return;
    }
    if (c.single && ids.length > 1) {
      setNote("A referral names one person: decide it one reply at a time.");
      return;
    }
    setNote(null);
    if (c.asks) setAsking({ kind: kind as AskingKind, ids });
    else run(ids, { kind } as Decision);
  };

  const move = (by: number, extend: boolean) => {
    if (!items.length) return;
    const at = Math.max(
      0,
      items.findIndex((r) => r.reply_id === current?.reply_id),
    );
    const to = items[Math.min(items.length - 1, Math.max(0, at + by))]!;
    if (extend && current) setSelected((s) => new Set([...s, current.reply_id, to.reply_id]));
    setCurrentId(to.reply_id);
    setQuoteOpen(false);
  };

  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const selectRange = (id: string) => {
    const from = items.findIndex((r) => r.reply_id === (anchor ?? current?.reply_id));
    const to = items.findIndex((r) => r.reply_id === id);
    const [a, b] = from < to ? [from, to] : [to, from];
    setSelected((s) => new Set([...s, ...items.slice(Math.max(0, a), b + 1).map((r) => r.reply_id)]));
  };

  const apply = (a: KeyAction) => {
    switch (a.kind) {
      case "choose":
        return choose(a.choice);
      case "move":
        return move(a.by, a.extend);
      case "toggle":
        if (current) {
          toggle(current.reply_id);
          setAnchor(current.reply_id);
        }
        return;
      case "all":
        return setSelected(
          selected.size === items.length ? new Set() : new Set(items.map((r) => r.reply_id)),
        );
      case "quote":
        return setQuoteOpen((o) => !o);
      case "help":
        return setHelp(a.open);
      case "cancel":
        return setAsking(null);
      case "clear":
        return setSelected(new Set());
      default:
        return assertNever(a);
    }
  };
  // one listener for the page's keys, reading the latest state through a ref
  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    const a = keyAction(e, { help, asking: asking !== null });
    if (!a) return;
    // Escape in a form is the form's; the rest are the page's alone (no scrolling on space or arrows)
    if (a.kind !== "cancel" && a.kind !== "clear") e.preventDefault();
    apply(a);
  };
  useEffect(() => {
    const on = (e: KeyboardEvent) => keys.current(e);
    document.addEventListener("keydown", on);
    return () => document.removeEventListener("keydown", on);
  }, []);

  const setFilter = (name: string, value: string) => {
    const p = new URLSearchParams(search);
    if (value) p.set(name, value);
    else p.delete(name);
    const q = p.toString();
    navigate(`/replies${q ? `?${q}` : ""}`);
  };

  const askingReplies = asking ? items.filter((r) => asking.ids.includes(r.reply_id)) : [];
  const loaded = !!queue.data;
  return (
    <section>
      <h1 tabIndex={-1}>Replies</h1>
      <p className="muted">
        A person answered and Baton was not sure what they meant, so their automatic touches wait for you.
        Oldest first. Press <kbd className="key">?</kbd> for the keys.
      </p>
      <div className="filters">
        <FilterSelect
          id="triage-campaign"
          label="Campaign"
          value={campaign}
          onChange={(v) => setFilter("campaign", v)}
          options={[
            ["", "All campaigns"],
            ...(campaigns.data?.items ?? []).map((c): [string, string] => [c.slug, c.name]),
          ]}
        />
        <FilterSelect
          id="triage-owner"
          label="Owner"
          value={owner}
          onChange={(v) => setFilter("owner", v)}
          options={OWNERS}
        />
        <span className="muted" data-testid="triage-count" role="status">
          {loaded
            ? `${items.length}${queue.data?.next_cursor ? "+" : ""} waiting${selected.size ? ` · ${selected.size} selected` : ""}`
            : ""}
        </span>
        <button type="button" onClick={() => setHelp(true)}>
          Keys <kbd className="key">?</kbd>
        </button>
      </div>
      <ErrorNote error={error ?? queue.error} />
      {note ? (
        <p className="notice" data-testid="triage-note">
          {note}
        </p>
      ) : null}
      {!loaded && !queue.error ? (
        <p className="muted" aria-busy="true">
          Loading the replies…
        </p>
      ) : null}
      {contactId ? (
        <p className="muted">
          The replies of one prospect.{" "}
          <button type="button" className="link" onClick={() => setFilter("contact_id", "")}>
            Show every reply
          </button>
        </p>
      ) : null}
      {loaded && items.length === 0 ? (
        <p className="card muted" data-testid="triage-empty">
          {campaign || contactId
            ? "Nothing waits for you here. "
            : "Nothing waits for you: every reply is decided."}
          {campaign || contactId ? <Link to="/replies">Every campaign</Link> : null}
        </p>
      ) : null}
      {selected.size > 0 ? (
        <fieldset className="row bulk-bar" data-testid="bulk-bar">
          <legend className="sr-only">Decide the selected replies</legend>
          <strong>{selected.size} selected:</strong>
          {CHOICES.filter((c) => !c.single).map((c) => (
            <button key={c.kind} type="button" onClick={() => choose(c.kind)}>
              <kbd className="key">{c.key}</kbd> {c.label}
            </button>
          ))}
          <button type="button" className="link" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </fieldset>
      ) : null}
      {items.length > 0 ? (
        <div className="triage">
          <ReplyTriageList
            items={items}
            currentId={current?.reply_id ?? null}
            selected={selected}
            onOpen={(id, range) => {
              if (range) selectRange(id);
              else setAnchor(id);
              setCurrentId(id);
              setQuoteOpen(false);
            }}
            onToggle={(id) => {
              toggle(id);
              setAnchor(id);
            }}
          />
          {detail ? (
            <ReplyDetail
              reply={detail}
              quoteOpen={quoteOpen}
              onQuoteToggle={setQuoteOpen}
              onChoose={choose}
              selected={selected.size}
              asking={asking?.kind}
            >
              {asking ? (
                <ReplyDecisionForm
                  key={`${asking.kind}:${asking.ids.join(",")}`}
                  kind={asking.kind}
                  replies={askingReplies}
                  now={now}
                  onDecide={(d) => run(asking.ids, d)}
                  onCancel={() => setAsking(null)}
                />
              ) : null}
            </ReplyDetail>
          ) : null}
        </div>
      ) : null}
      {help ? <ReplyShortcuts onClose={() => setHelp(false)} /> : null}
    </section>
  );
}
