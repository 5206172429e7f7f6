// What a timeline event says beyond its log row (issue 37 item 5): the message a touch sent (subject
// and body of its approved draft), the reply a reply event recorded (text, class, what it caused),
// and when a hold or queue was released. Read for one page of one contact's events, in three
// queries keyed by the page's ids; nothing here writes.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import type { EventView } from "./event-view.ts";

export interface TouchMessage {
  subject: string | null;
  body: string;
  drafted_by: string;
}

export interface ReplyStory {
  reply_id: string;
  text: string;
  intent: string;
  confidence: number | null;
  classified_by: string;
  /** the reading in words (issue 72: not the classifier's rule names); the API's route adds it */
  reading?: string;
  action: string;
  exit_reason: string | null;
  return_date: string | null;
  /** the events the reply caused (same contact, same moment): exit, handoff_created, opted_out, paused … */
  caused: { event_id: number; event_type: string; resolution: string | null }[];
}

export interface HoldRelease {
  /** when the held step or activation was let through, or null while it waits */
  released_at: string | null;
  released_by_event: string | null;
  /** the enrollment ended before a release (exit, opt-out): the held step never ran */
  ended: string | null;
}

/** The events a reply causes in its own transaction (src/campaigns/process-reply.ts writes them at `now`). */
export const REPLY_EFFECTS = [
  "exit",
  "handoff_created",
  "opted_out",
  "on_exit_routed",
  "paused",
  "left_company",
  "data_request_opened",
] as const;

type PageEvent = Pick<
  EventView,
  | "event_id"
  | "occurred_at"
  | "event_type"
  | "coordinator_action"
  | "enrollment_id"
  | "step_number"
  | "send_item_id"
  | "details"
>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function touchMessages(
  db: Kysely<DB>,
  clientId: string,
  events: PageEvent[],
): Promise<Map<string, TouchMessage>> {
  const ids = [...new Set(events.filter((e) => e.send_item_id).map((e) => e.send_item_id!))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("sales_send_queue as q")
    .innerJoin("staged_drafts as d", (j) =>
      j.onRef("d.client_id", "=", "q.client_id").onRef("d.id", "=", "q.staged_draft_id"),
    )
    .select(["q.id", "d.subject", "d.body", "d.drafted_by"])
    .where("q.client_id", "=", clientId)
    .where("q.id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { subject: r.subject, body: r.body, drafted_by: r.drafted_by }]));
}

export async function replyStories(
  db: Kysely<DB>,
  clientId: string,
  contactId: string,
  events: PageEvent[],
): Promise<Map<number, ReplyStory>> {
  const replies = events.filter((e) => e.event_type === "reply" && typeof e.details.reply_id === "string");
  if (replies.length === 0) return new Map();
  const rows = await db
    .selectFrom("campaign_replies")
    .select(["id", "body", "intent", "confidence", "classified_by", "action", "exit_reason", "return_date"])
    .where("client_id", "=", clientId)
    .where(
      "id",
      "in",
      replies.map((e) => e.details.reply_id as string),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const moments = [...new Set(replies.map((e) => e.occurred_at))];
  const effects = await db
    .selectFrom("cadence_event_log")
    .select(["event_id", "occurred_at", "event_type", "resolution"])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where("event_type", "in", [...REPLY_EFFECTS])
    .where(
      "occurred_at",
      "in",
      moments.map((m) => new Date(m)),
    )
    .orderBy("event_id")
    .execute();
  const out = new Map<number, ReplyStory>();
  for (const e of replies) {
    const r = byId.get(e.details.reply_id as string);
    if (!r) continue;
    out.set(e.event_id, {
      reply_id: r.id,
      text: r.body,
      intent: r.intent,
      confidence: r.confidence === null ? null : Number(r.confidence),
      classified_by: r.classified_by,
      action: r.action,
      exit_reason: r.exit_reason,
      return_date: iso(r.return_date as Date | string | null),
      caused: effects
        .filter((x) => iso(x.occurred_at) === e.occurred_at)
        .map((x) => ({ event_id: Number(x.event_id), event_type: x.event_type, resolution: x.resolution })),
    });
  }
  return out;
}

/**
 * A reply before what it caused (issue 60 item 5). process-reply.ts appends the reply's own event
 * after its effects (the event needs the outcome), at the same instant, so time and the log's
 * sequence both list the exit first; the story reads cause, then effect. Each reply moves up to just
 * before the first of its effects on the page; nothing else moves.
 */
export function replyBeforeEffects<T extends { event_id: number; reply: ReplyStory | null }>(
  items: T[],
): T[] {
  const out = [...items];
  for (const r of items) {
    const effects = new Set(r.reply?.caused.map((c) => c.event_id) ?? []);
    if (effects.size === 0) continue;
    const at = out.indexOf(r);
    const first = out.findIndex((e) => effects.has(e.event_id));
    if (first < 0 || first > at) continue;
    out.splice(at, 1);
    out.splice(first, 0, r);
  }
  return out;
}

/**
 * Each hold or queue of the page with its release: the next allowed decision of the same enrollment
 * and step after it, or the end of the enrollment (exit, opt-out) if that came first.
 */
export async function holdReleases(
  db: Kysely<DB>,
  clientId: string,
  contactId: string,
  events: PageEvent[],
): Promise<Map<number, HoldRelease>> {
  const holds = events.filter(
    (e) => (e.coordinator_action === "hold" || e.coordinator_action === "queue") && e.enrollment_id,
  );
  if (holds.length === 0) return new Map();
  const enrollments = [...new Set(holds.map((e) => e.enrollment_id!))];
  const later = await db
    .selectFrom("cadence_event_log")
    .select(["event_id", "occurred_at", "event_type", "coordinator_action", "enrollment_id", "step_number"])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .where("enrollment_id", "in", enrollments)
    .where((w) =>
      w.or([
        w("coordinator_action", "=", "allow"),
        w("coordinator_action", "=", "block"),
        w("event_type", "=", "exit"),
      ]),
    )
    .orderBy(sql`occurred_at`)
    .orderBy("event_id")
    .execute();
  const out = new Map<number, HoldRelease>();
  for (const h of holds) {
    const after = later.filter(
      (x) =>
        x.enrollment_id === h.enrollment_id &&
        (iso(x.occurred_at)! > h.occurred_at ||
          (iso(x.occurred_at) === h.occurred_at && Number(x.event_id) > h.event_id)),
    );
    const release = after.find((x) => x.coordinator_action === "allow" && x.step_number === h.step_number);
    const end = after.find((x) => x.event_type === "exit" || x.coordinator_action === "block");
    if (release && (!end || iso(release.occurred_at)! <= iso(end.occurred_at)!)) {
      out.set(h.event_id, {
        released_at: iso(release.occurred_at),
        released_by_event: release.event_type,
        ended: null,
      });
    } else {
      out.set(h.event_id, { released_at: null, released_by_event: null, ended: end ? end.event_type : null });
    }
  }
  return out;
}

export interface SignalStory {
  says: string;
  signal_ids: string[];
  signal_types: string[];
}

/** A signal proposal's story, from its own details (src/plays/execute-active-plays.ts writes them). */
export function signalStory(details: Record<string, unknown>): SignalStory {
  const strings = (x: unknown) =>
    Array.isArray(x) ? x.filter((y): y is string => typeof y === "string") : [];
  return {
    says: typeof details.says === "string" ? details.says : "",
    signal_ids: strings(details.signal_ids),
    signal_types: strings(details.signal_types),
  };
}
