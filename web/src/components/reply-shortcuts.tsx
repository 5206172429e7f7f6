// The triage queue's keys (`?`), in the queues' one shortcuts dialog (closed with Escape, `?` or its
// button).

import { CHOICES } from "../reply-triage.ts";
import { type KeyRow, ShortcutsDialog } from "./shortcuts-dialog.tsx";

const MOVES: KeyRow[] = [
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
  const choices: KeyRow[] = CHOICES.map((c) => [
    c.key,
    <>
      {c.label.replace("…", "")}
      {c.asks ? <span className="muted"> (asks {askWhat(c.kind)}, Enter decides)</span> : null}
    </>,
  ]);
  return (
    <ShortcutsDialog
      id="shortcuts-h"
      testId="shortcuts"
      caption="Choices"
      intro="A choice applies to the selected replies when some are selected, else to the open one; then the next reply opens."
      rows={[...choices, ...MOVES]}
      onClose={onClose}
    />
  );
}

function askWhat(kind: string): string {
  if (kind === "exit") return "the reason";
  if (kind === "later") return "the date, read from the reply";
  if (kind === "referral") return "the person named, read from the reply";
  return "to confirm";
}
