// The triage queue's keys (issue 56 item 2: "one key or click per choice … j/k to move; space/shift
// to select; `?` shows the shortcuts"): which action a key press means, given what is open. Pure;
// the page applies the action.
import { type ChoiceKind, choiceByKey } from "./reply-triage.ts";

export type KeyAction =
  | { kind: "choose"; choice: ChoiceKind }
  | { kind: "move"; by: 1 | -1; extend: boolean }
  | { kind: "toggle" }
  | { kind: "all" }
  | { kind: "quote" }
  | { kind: "help"; open: boolean }
  /** back to the queue: the open form closes */
  | { kind: "cancel" }
  | { kind: "clear" };

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  metaKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/** Keys typed into these are text, not shortcuts (a checkbox or a button is not typing). */
function typing(t: EventTarget | null): boolean {
  if (typeof HTMLElement === "undefined" || !(t instanceof HTMLElement)) return false;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t.isContentEditable) return true;
  return t instanceof HTMLInputElement && t.type !== "checkbox" && t.type !== "radio";
}

/** What the key means now (null: nothing; the browser keeps it). */
export function keyAction(e: KeyPress, open: { help: boolean; asking: boolean }): KeyAction | null {
  if (e.metaKey || e.ctrlKey || e.altKey) return null;
  // the help dialog closes itself on Escape; `?` closes it too
  if (open.help) return e.key === "?" ? { kind: "help", open: false } : null;
  if (typing(e.target)) return null;
  if (open.asking) return e.key === "Escape" ? { kind: "cancel" } : null;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const choice = e.shiftKey ? undefined : choiceByKey(k);
  if (choice) return { kind: "choose", choice: choice.kind };
  switch (k) {
    case "j":
    case "ArrowDown":
      return { kind: "move", by: 1, extend: e.shiftKey };
    case "k":
    case "ArrowUp":
      return { kind: "move", by: -1, extend: e.shiftKey };
    case " ":
      // a row's checkbox toggles its own row
      return typeof HTMLInputElement !== "undefined" && e.target instanceof HTMLInputElement
        ? null
        : { kind: "toggle" };
    case "a":
      return { kind: "all" };
    case "e":
      return { kind: "quote" };
    case "?":
      return { kind: "help", open: true };
    case "Escape":
      return { kind: "clear" };
    default:
      return null;
  }
}
