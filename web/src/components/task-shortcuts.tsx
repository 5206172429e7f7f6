// The task queue's keys (`?`), in the queues' one shortcuts dialog.
import { type KeyRow, ShortcutsDialog } from "./shortcuts-dialog.tsx";

const KEYS: KeyRow[] = [
  ["j / ↓", "next task"],
  ["k / ↑", "previous task"],
  ["c", "done: the touch is recorded, and the next task opens"],
  ["s", "skip, with a reason (Enter skips)"],
  ["z", "snooze to a time (1–4 pick a preset, Enter on the picker)"],
  ["1–5", "a call's outcome: connected (asks for an exit reason), voicemail, no answer, wrong or bad number"],
  ["o", "open the LinkedIn profile in a new tab, or call the number"],
  ["y", "copy the message"],
  ["x", "select or unselect the task"],
  ["Shift+C", "complete the selected tasks with the outcome chosen beside them; each result is listed"],
  ["Esc", "close the form"],
  ["?", "this help"],
];

export function TaskShortcuts({ onClose }: { onClose(): void }) {
  return (
    <ShortcutsDialog
      id="task-shortcuts-h"
      testId="task-shortcuts"
      caption="Keys of the task queue"
      rows={KEYS}
      onClose={onClose}
    />
  );
}
