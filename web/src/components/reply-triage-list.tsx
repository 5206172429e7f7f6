// The triage queue's list (issue 56 item 2), oldest first: each reply's sender, the reading, its
// first line, campaign and time; the open one marked (aria-current), a checkbox to select, and a
// shift-click to select a range. The open row stays in sight as j/k move through a long queue.
import { useEffect, useRef } from "react";
import { fmtTime, label } from "../format.ts";
import type { TriageReply } from "../reply-triage.ts";

export function ReplyTriageList({
  items,
  currentId,
  selected,
  onOpen,
  onToggle,
}: {
  items: TriageReply[];
  currentId: string | null;
  selected: ReadonlySet<string>;
  /** opened by a click; `range` when shift-clicked */
  onOpen(id: string, range: boolean): void;
  onToggle(id: string): void;
}) {
  const ref = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the open reply changes
  useEffect(() => {
    ref.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: "nearest" });
  }, [currentId]);
  return (
    <ol className="triage-list card" aria-label="Replies waiting, oldest first" ref={ref}>
      {items.map((r) => (
        <li
          key={r.reply_id}
          data-testid="triage-row"
          data-reply-id={r.reply_id}
          aria-current={r.reply_id === currentId ? "true" : undefined}
          className={selected.has(r.reply_id) ? "selected" : undefined}
        >
          <input
            type="checkbox"
            aria-label={`Select the reply of ${r.contact.full_name}`}
            checked={selected.has(r.reply_id)}
            onChange={() => onToggle(r.reply_id)}
          />
          <button type="button" className="triage-open" onClick={(e) => onOpen(r.reply_id, e.shiftKey)}>
            <span className="row">
              <strong>{r.contact.full_name}</strong>
              <span className="badge">{label(r.reading.intent)}</span>
              {r.reading.stop_signal ? <span className="badge warn">stop?</span> : null}
            </span>
            <span className="excerpt">{r.excerpt.trim().split("\n")[0]}</span>
            <span className="muted triage-when">
              {r.campaign?.name ?? "no live campaign"} · {fmtTime(r.received_at)}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

/** The campaigns' owner roles (spec 002 owner_role), the API's `owner` filter. */
export const OWNERS: [string, string][] = [
  ["", "Every owner"],
  ["roles.bdr", "BDR campaigns"],
  ["roles.sales", "Sales campaigns"],
  ["roles.cs", "Customer success campaigns"],
];

/** A filter of the queue; after a choice the keys are the queue's again (the select lets go). */
export function FilterSelect(p: {
  id: string;
  label: string;
  value: string;
  options: [string, string][];
  onChange(v: string): void;
}) {
  return (
    <div>
      <label htmlFor={p.id}>{p.label}</label>
      <select
        id={p.id}
        value={p.value}
        onChange={(e) => {
          p.onChange(e.target.value);
          e.currentTarget.blur();
        }}
      >
        {p.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
