// The approvals queue's keys: the ones its help lists (`?`), and whether a key went into a field,
// where it is text, not a shortcut.
import { type KeyRow, ShortcutsDialog } from "../../components/shortcuts-dialog.tsx";

const KEYS: KeyRow[] = [
  ["j / ↓", "next draft"],
  ["k / ↑", "previous draft"],
  ["a", "approve (with your edit) and open the next"],
  ["e", "edit the words"],
  ["r", "reject, with a reason (Enter rejects, Esc goes back)"],
  ["x", "select or unselect the draft"],
  ["?", "this help"],
];

export function typing(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t.isContentEditable) return true;
  return t instanceof HTMLInputElement && t.type !== "checkbox" && t.type !== "radio";
}

export function KeysHelp({ onClose }: { onClose(): void }) {
  return (
    <ShortcutsDialog
      id="appr-keys-h"
      testId="shortcuts"
      caption="Keys of the approvals"
      rows={KEYS}
      onClose={onClose}
    />
  );
}
