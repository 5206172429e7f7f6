// A prospect's timeline as the story a person reads (issue 60 item 5): touches, replies, exits and
// hand-offs are the items; the coordinator's decisions about a step (allowed, held, queued,
// suppressed, approved, sent) fold under the touch they judged, found by enrollment and step. A
// step that never became a touch (still held, suppressed, waiting for approval) keeps its
// decisions as an item of its own, headed by the latest. Pure: the page's events in, items out, in
// the events' order (the API's: by time, a reply before what it caused).

/** The fields of a timeline event the story is folded by. */
export interface StoryEvent {
  event_id: number;
  event_type: string;
  enrollment_id?: string | null;
  step_number: number | null;
  channel: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
}

/** The coordinator's decisions about a step, folded under the touch they judged. */
export const DECISION_EVENTS: ReadonlySet<string> = new Set([
  "step_allowed",
  "send_allowed",
  "held",
  "queued",
  "suppressed",
  "rejected",
  "draft_approved",
]);

export const STORY_KINDS = {
  touch: "Touches",
  reply: "Replies",
  exit: "Exits, hand-offs and opt-outs",
  unsent: "Steps held or not sent",
  other: "Enrollments and the rest",
} as const;
export type StoryKind = keyof typeof STORY_KINDS;

export interface StoryItem<E extends StoryEvent> {
  /** the touch, reply, exit…; for a step that was not sent, its latest decision */
  head: E;
  /** the coordinator's decisions folded under it, oldest first (the head excluded) */
  decisions: E[];
  kind: StoryKind;
}

const EXITS = new Set([
  "exit",
  "handoff_created",
  "handoff_routed",
  "handoff_closed",
  "opted_out",
  "on_exit_routed",
]);

function kindOf(head: StoryEvent, folded: boolean): StoryKind {
  if (head.event_type === "touch") return "touch";
  if (head.event_type === "reply" || head.event_type === "reply_decided") return "reply";
  if (EXITS.has(head.event_type)) return "exit";
  if (folded) return "unsent";
  return "other";
}

/** The step a decision is about: its enrollment and step number (none: it stands alone). */
function stepKey(e: StoryEvent): string | null {
  return e.enrollment_id && e.step_number !== null ? `${e.enrollment_id}:${e.step_number}` : null;
}

export function foldTimeline<E extends StoryEvent>(events: readonly E[]): StoryItem<E>[] {
  // slots in order; a step's open decisions sit at the slot of its first decision until its touch
  const slots: ({ head: E; decisions: E[] } | { open: string; decisions: E[] } | null)[] = [];
  const open = new Map<string, number>(); // step key -> slot index
  for (const e of events) {
    const key = stepKey(e);
    if (key && DECISION_EVENTS.has(e.event_type)) {
      const at = open.get(key);
      if (at === undefined) {
        open.set(key, slots.length);
        slots.push({ open: key, decisions: [e] });
      } else (slots[at] as { decisions: E[] }).decisions.push(e);
      continue;
    }
    const at = key && e.event_type === "touch" ? open.get(key) : undefined;
    if (key && at !== undefined) {
      // the touch the decisions were about: they move under it
      const decisions = (slots[at] as { decisions: E[] }).decisions;
      slots[at] = null;
      open.delete(key);
      slots.push({ head: e, decisions });
    } else slots.push({ head: e, decisions: [] });
  }
  const items: StoryItem<E>[] = [];
  for (const s of slots) {
    if (!s) continue;
    if ("head" in s) items.push({ ...s, kind: kindOf(s.head, false) });
    else {
      const head = s.decisions[s.decisions.length - 1];
      items.push({ head, decisions: s.decisions.slice(0, -1), kind: kindOf(head, true) });
    }
  }
  return items;
}

export interface StoryFilter {
  kind: StoryKind | "";
  channel: string;
  campaign: string;
}

export const NO_FILTER: StoryFilter = { kind: "", channel: "", campaign: "" };

/** An item's channel: its own, or that of the decisions under it. */
function channelOf(item: StoryItem<StoryEvent>): string | null {
  return item.head.channel ?? item.decisions.find((d) => d.channel)?.channel ?? null;
}

/** The items a filter keeps; a channel or campaign filter keeps only items that name one. */
export function filterStory<E extends StoryEvent>(items: StoryItem<E>[], f: StoryFilter): StoryItem<E>[] {
  return items.filter(
    (i) =>
      (!f.kind || i.kind === f.kind) &&
      (!f.channel || channelOf(i) === f.channel) &&
      (!f.campaign || i.head.campaign_id === f.campaign),
  );
}

/** The choices the filters offer: the kinds, channels and campaigns present on the page. */
export function filterChoices(items: StoryItem<StoryEvent>[]) {
  const kinds = (Object.keys(STORY_KINDS) as StoryKind[]).filter((k) => items.some((i) => i.kind === k));
  const channels = [...new Set(items.map(channelOf).filter((c): c is string => !!c))].sort();
  const campaigns = new Map<string, string>();
  for (const i of items)
    if (i.head.campaign_id) campaigns.set(i.head.campaign_id, i.head.campaign_name ?? "(unnamed campaign)");
  return { kinds, channels, campaigns: [...campaigns].sort((a, b) => a[1].localeCompare(b[1])) };
}
