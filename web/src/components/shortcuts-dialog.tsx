// A queue's keys (`?`): one modal dialog for the replies, the tasks and the approvals (showModal
// focuses its one button), closed with Escape or that button. Each queue gives its rows of
// [key, what it does].
import { type ReactNode, useEffect, useRef } from "react";

export type KeyRow = [key: string, what: ReactNode];

export function ShortcutsDialog(p: {
  /** the dialog's heading id and test id */
  id: string;
  testId: string;
  /** what the table lists, for screen readers */
  caption: string;
  rows: KeyRow[];
  /** a line above the table */
  intro?: ReactNode;
  onClose(): void;
}) {
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
      aria-labelledby={p.id}
      data-testid={p.testId}
      onClose={p.onClose}
      onCancel={(e) => {
        e.preventDefault();
        p.onClose();
      }}
    >
      <h2 id={p.id}>Keyboard shortcuts</h2>
      {p.intro ? <p className="muted">{p.intro}</p> : null}
      <table className="compact">
        <caption className="sr-only">{p.caption}</caption>
        <tbody>
          {p.rows.map(([k, what]) => (
            <tr key={k}>
              <th scope="row">
                <kbd className="key">{k}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={p.onClose}>
        Close
      </button>
    </dialog>
  );
}
