// The task queue's list (issue 60 item 4), by due time: each task's prospect, company, campaign,
// step and when it is due; the open one marked (aria-current) and kept in sight as j/k move; a
// checkbox (or x) selects a task for "Complete selected".
import { useEffect, useRef } from "react";
import { channelLabel } from "../../../src/channels/contract.ts";
import { dueWords, type QueueTask } from "../tasks.ts";

export function TaskList({
  items,
  currentId,
  selected,
  onOpen,
  onToggle,
}: {
  items: QueueTask[];
  currentId: string | null;
  selected: ReadonlySet<string>;
  onOpen(id: string): void;
  onToggle(id: string): void;
}) {
  const ref = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the open task changes
  useEffect(() => {
    ref.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: "nearest" });
  }, [currentId]);
  const now = new Date();
  return (
    <ol className="triage-list card" aria-label="Tasks due now, by due time" ref={ref}>
      {items.map((t) => (
        <li
          key={t.id}
          data-testid="task-row"
          aria-current={t.id === currentId ? "true" : undefined}
          className={selected.has(t.id) ? "selected" : undefined}
        >
          <input
            type="checkbox"
            aria-label={`Select the task for ${t.prospect.name}`}
            checked={selected.has(t.id)}
            onChange={() => onToggle(t.id)}
          />
          <button type="button" className="triage-open" onClick={() => onOpen(t.id)}>
            <span className="row">
              <strong>{t.prospect.name}</strong>
              {t.company ? <span className="muted">{t.company.name}</span> : null}
            </span>
            <span className="excerpt">
              {t.campaign && t.step && t.channel
                ? `${channelLabel(t.channel)} · ${t.campaign.name}, step ${t.step.number}`
                : "Follow-up from the Signals view"}
            </span>
            <span className="muted triage-when">{dueWords(t.due_at, now)}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}
