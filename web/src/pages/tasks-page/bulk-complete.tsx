// "Complete selected" on the tasks page: the bar over the selected tasks (the outcome to record, the
// button, Clear selection), and each task's result once they are done.
import { outcomesOf, type QueueTask } from "../../tasks.ts";
import { type BulkResult, DONE } from "./task-calls.ts";

export function BulkBar({
  items,
  selected,
  busy,
  bulkChoice,
  onChoice,
  onComplete,
  onClear,
}: {
  items: QueueTask[];
  selected: ReadonlySet<string>;
  busy: boolean;
  bulkChoice: string;
  onChoice: (choice: string) => void;
  onComplete: () => void;
  onClear: () => void;
}) {
  // the outcomes a bulk complete may record: done (the send) and the calls' outcomes among the selected
  const bulkOutcomes = [
    ...new Map(
      items
        .filter((t) => selected.has(t.id))
        .flatMap((t) => outcomesOf(t.channel))
        .map((o) => [o.name, o] as const),
    ).values(),
  ];

  return (
    <fieldset className="row bulk-bar" data-testid="task-bulk-bar">
      <legend className="sr-only">Complete the selected tasks</legend>
      <strong>{selected.size} selected:</strong>
      <label htmlFor="bulk-outcome">Outcome</label>
      <select id="bulk-outcome" value={bulkChoice} onChange={(e) => onChoice(e.target.value)}>
        <option value={DONE}>Done: the message is sent</option>
        {bulkOutcomes.map((o) => (
          <option key={o.name} value={o.name}>
            Call: {o.label.toLowerCase()}
          </option>
        ))}
      </select>
      <button type="button" className="primary" disabled={busy} onClick={onComplete}>
        Complete selected ({selected.size}) <kbd className="key">Shift+C</kbd>
      </button>
      <button type="button" className="link" onClick={onClear}>
        Clear selection
      </button>
    </fieldset>
  );
}

/** "Complete selected": how many went through, then each task's result (done, or refused and why). */
export function BulkResults({ results }: { results: BulkResult[] }) {
  const done = results.filter((r) => r.ok).length;
  return (
    <section
      className={done === results.length ? "notice" : "warn-box"}
      aria-labelledby="bulk-results-h"
      data-testid="task-bulk-results"
    >
      <h2 id="bulk-results-h" className="sr-only">
        Completed selected
      </h2>
      <p role="status">
        <strong>
          {done} of {results.length} completed
          {done < results.length ? `; ${results.length - done} refused` : ""}
        </strong>
      </p>
      <ul>
        {results.map((r) => (
          <li key={r.task.id} data-testid="task-bulk-result">
            <strong>{r.task.prospect.name}</strong>: {r.ok ? "done" : "refused"}, {r.text}
            {r.ok || !r.left ? "" : " (left the queue)"}
          </li>
        ))}
      </ul>
    </section>
  );
}
