// The triage queue's keys (`?`): a modal dialog (showModal focuses its one button), closed with
// Escape, `?` or that button.
import { useEffect, useRef } from "react";
import { CHOICES } from "../reply-triage.ts";

const MOVES: [string, string][] = [
  ["j / ↓", "next reply"],
  ["k / ↑", "previous reply"],
  ["space", "select or unselect the reply"],
  ["shift + j / k", "select while moving (shift-click selects a range)"],
  ["a", "select all / none"],
  ["e", "unfold or fold the quoted original"],
  ["Enter", "decide, in a form (a reason, a date, a person)"],
  ["Esc", "back to the queue"],
  ["?", "this help"],
];

export function ReplyShortcuts({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="shortcuts"
      aria-labelledby="shortcuts-h"
      data-testid="shortcuts"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="shortcuts-h">Keyboard shortcuts</h2>
      <p className="muted">
        A choice applies to the selected replies when some are selected, else to the open one; then the next
        reply opens.
      </p>
      <table className="compact">
        <caption className="sr-only">Choices</caption>
        <tbody>
          {CHOICES.map((c) => (
            <tr key={c.kind}>
              <th scope="row">
                <kbd className="key">{c.key}</kbd>
              </th>
              <td>
                {c.label.replace("…", "")}
                {c.asks ? <span className="muted"> (asks {askWhat(c.kind)}, Enter decides)</span> : null}
              </td>
            </tr>
          ))}
          {MOVES.map(([k, what]) => (
            <tr key={k}>
              <th scope="row">
                <kbd className="key">{k}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}

function askWhat(kind: string): string {
  if (kind === "exit") return "the reason";
  if (kind === "later") return "the date, read from the reply";
  if (kind === "referral") return "the person named, read from the reply";
  return "to confirm";
}
