// The rep's task queue (issue 60 item 4): a task as GET /api/v1/rep-tasks answers it, the reasons a
// task may be skipped (src/engine/rep-task-queue.ts REP_TASK_SKIP_REASONS), the snooze presets, and
// which action a key press means. Pure; the page applies them.
import { EXIT_REASONS, type ExitReason } from "../../src/campaigns/contract.ts";
import { CHANNEL_KINDS, isChannelName, type OutcomeRule } from "../../src/channels/contract.ts";
import { REP_TASK_SKIP_REASONS, type RepTaskSkipReason } from "../../src/engine/contract.ts";
import type { ApiItem } from "./api-types.ts";

export type QueueTask = ApiItem<"listRepTasks">;

/** The server's reasons, in the order a rep meets them (the API refuses any other). */
export const SKIP_REASONS = Object.entries(REP_TASK_SKIP_REASONS) as [RepTaskSkipReason, string][];

/** An outcome a person records on a task of a channel with outcomes (a call's), with its key (1, 2, …). */
export interface TaskOutcomeChoice {
  name: string;
  label: string;
  key: string;
  rule: OutcomeRule;
}

/** The outcomes of a task's channel, in the channel table's order (empty: done is the send). */
export function outcomesOf(channel: string | null): TaskOutcomeChoice[] {
  const outcomes: Readonly<Record<string, OutcomeRule>> | null =
    channel && isChannelName(channel) ? CHANNEL_KINDS[channel].outcomes : null;
  return Object.entries(outcomes ?? {}).map(([name, rule], i) => {
    const words = name.replace(/_/g, " ");
    return { name, label: words[0]!.toUpperCase() + words.slice(1), key: String(i + 1), rule };
  });
}

/** The exit reasons a connected call may end the enrollment with (the API refuses any other). */
export const CALL_EXIT_REASONS: readonly ExitReason[] = EXIT_REASONS;

/** What the outcome did, in words after the prospect's name. */
export function outcomeWords(o: TaskOutcomeChoice, exitReason: string | null): string {
  if (exitReason) return `the touch is recorded and the enrollment ended (${exitReason.replace(/_/g, " ")})`;
  if (o.rule.after === "suppress_channel") return "no touch; the number is suppressed, no more calls to it";
  return o.rule.counts ? "the touch is recorded" : "no touch; the cadence goes on";
}

/** Snooze presets from `now`, in the browser's own time zone: later today, tomorrow and Monday morning. */
export function snoozePresets(now: Date): { label: string; until: Date }[] {
  const at9 = (days: number) => {
    const d = new Date(now);
    d.setDate(d.getDate() + days);
    d.setHours(9, 0, 0, 0);
    return d;
  };
  const toMonday = (8 - now.getDay()) % 7 || 7;
  return [
    { label: "In 1 hour", until: new Date(now.getTime() + 3_600_000) },
    { label: "In 3 hours", until: new Date(now.getTime() + 3 * 3_600_000) },
    { label: "Tomorrow 9:00", until: at9(1) },
    { label: "Monday 9:00", until: at9(toMonday) },
  ];
}

/** A datetime-local input's value for a time (the browser's zone, to the minute). */
export function localInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Short words for when a task is due: "overdue", "due 14:30" today, or its date. */
export function dueWords(due: string, now: Date): string {
  const d = new Date(due);
  const p = (n: number) => String(n).padStart(2, "0");
  const sameDay = d.toDateString() === now.toDateString();
  if (d.getTime() < now.getTime() - 3_600_000 && !sameDay) return `overdue since ${d.toLocaleDateString()}`;
  return sameDay ? `due ${p(d.getHours())}:${p(d.getMinutes())}` : `due ${d.toLocaleDateString()}`;
}

export type TaskKey =
  | "next"
  | "prev"
  | "complete"
  | "skip"
  | "snooze"
  | "open"
  | "copy"
  | "help"
  | "cancel"
  | "select"
  | "completeSelected"
  | "outcome";

/** Keys typed into a field are text, not shortcuts. */
function typing(t: EventTarget | null): boolean {
  if (typeof HTMLElement === "undefined" || !(t instanceof HTMLElement)) return false;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t.isContentEditable) return true;
  return t instanceof HTMLInputElement && t.type !== "checkbox" && t.type !== "radio";
}

/** What a key press means on the queue (null: nothing; the browser keeps it). */
export function taskKey(
  e: { key: string; metaKey: boolean; ctrlKey: boolean; altKey: boolean; target: EventTarget | null },
  formOpen: boolean,
): TaskKey | null {
  if (e.metaKey || e.ctrlKey || e.altKey) return null;
  if (e.key === "Escape") return formOpen ? "cancel" : null;
  if (typing(e.target) || formOpen) return null;
  switch (e.key) {
    case "j":
    case "ArrowDown":
      return "next";
    case "k":
    case "ArrowUp":
      return "prev";
    case "c":
      return "complete";
    case "C":
      return "completeSelected";
    case "x":
      return "select";
    case "s":
      return "skip";
    case "z":
      return "snooze";
    case "o":
      return "open";
    case "y":
      return "copy";
    case "?":
      return "help";
    default:
      // 1–9: an outcome of a call (the page checks the open task has that many)
      return /^[1-9]$/.test(e.key) ? "outcome" : null;
  }
}
