// The task queue's keys (`?`): a modal dialog (showModal focuses its one button), closed with
// Escape or that button.
import { useEffect, useRef } from "react";

const KEYS: [string, string][] = [
  ["j / ↓", "next task"],
  ["k / ↑", "previous task"],
  ["c", "done: the touch is recorded, and the next task opens"],
  ["s", "skip, with a reason (Enter skips)"],
  ["z", "snooze to a time (1–4 pick a preset, Enter on the picker)"],
  ["1–5", "a call's outcome: connected (asks for an exit reason), voicemail, no answer, wrong or bad number"],
  ["o", "open the LinkedIn profile in a new tab, or call the number"],
  ["y", "copy the message"],
  ["Esc", "close the form"],
  ["?", "this help"],
];

export function TaskShortcuts({ onClose }: { onClose(): void }) {
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
      aria-labelledby="task-shortcuts-h"
      data-testid="task-shortcuts"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="task-shortcuts-h">Keyboard shortcuts</h2>
      <table className="compact">
        <caption className="sr-only">Keys of the task queue</caption>
        <tbody>
          {KEYS.map(([k, what]) => (
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
