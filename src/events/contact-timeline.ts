// A contact's timeline: every event in the order it happened (by occurred_at, not by insertion: the
// demo's history and imports append events out of time order), each with the gate's decision, the
// reason, the release time, the play, proposal and campaign it came from, and its story: the
// message a touch sent, the reply and what it caused, a hold's release (timeline-story.ts).
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { bookOf, contactRowInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { cursorTime } from "../db/page-cursor.ts";
import { BatonError } from "../errors/baton-error.ts";
import { decodeTimeCursor, encodeTimeCursor } from "./event-cursor.ts";
import { type EventView, toEventView } from "./event-view.ts";
import {
  type HoldRelease,
  holdReleases,
  type ReplyStory,
  replyBeforeEffects,
  replyStories,
  type SignalStory,
  signalStory,
  type TouchMessage,
  touchMessages,
} from "./timeline-story.ts";

export interface TimelineEntry extends EventView {
  decision: { action: string | null; gate: number | null; reason: string | null; release_at: string | null };
  play_name: string | null;
  campaign_name: string | null;
  /** a touch's message (subject and body as approved) */
  message: TouchMessage | null;
  /** a reply's text, class and what it caused */
  reply: ReplyStory | null;
  /** a hold's or queue's release */
  release: HoldRelease | null;
  /** a signal proposal's signals and what they say ("visited the pricing page twice this week") */
  signal: SignalStory | null;
}

export interface Timeline {
  contact: { contact_id: string; full_name: string; account_id: string | null; opted_out: boolean };
  items: TimelineEntry[];
  next_cursor: string | null;
}

export async function contactTimeline(
  db: Kysely<DB>,
  actor: Principal,
  contactId: string,
  q: { limit?: number; cursor?: string },
): Promise<Timeline> {
  const contact = await db
    .selectFrom("contacts")
    .select(["contact_id", "full_name", "account_id", "unsubscribe_flag", "opt_out_flag"])
    .where("client_id", "=", actor.clientId)
    .where("contact_id", "=", contactId)
    // a prospect outside the principal's book is not found, as another workspace's
    .where(contactRowInBook(await bookOf(db, actor), actor.clientId, "contacts"))
    .executeTakeFirst();
  if (!contact) throw new BatonError("NOT_FOUND", { entity: "contact", id: contactId });
  const limit = q.limit ?? 500;
  let query = db
    .selectFrom("cadence_event_log as e")
    .leftJoin("plays as p", (j) =>
      j.onRef("p.client_id", "=", "e.client_id").onRef("p.play_id", "=", "e.play_id"),
    )
    .leftJoin("campaigns as c", (j) =>
      j.onRef("c.client_id", "=", "e.client_id").onRef("c.id", "=", "e.campaign_id"),
    )
    .selectAll("e")
    .select(["p.name as play_name", "c.name as campaign_name", cursorTime("e.occurred_at").as("cursor_at")])
    .where("e.client_id", "=", actor.clientId)
    .where("e.contact_id", "=", contactId)
    // the time it happened; event_id breaks ties between equal occurred_at
    .orderBy(sql`e.occurred_at`, "asc")
    .orderBy(sql`e.event_id`, "asc")
    .limit(limit + 1);
  if (q.cursor !== undefined) {
    const c = decodeTimeCursor(actor.clientId, contactId, q.cursor);
    query = query.where(sql<boolean>`(e.occurred_at, e.event_id) > (${c.at}::timestamptz, ${c.eventId})`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const views = page.map((r) => toEventView(r));
  const [messages, replies, releases] = await Promise.all([
    touchMessages(db, actor.clientId, views),
    replyStories(db, actor.clientId, contactId, views),
    holdReleases(db, actor.clientId, contactId, views),
  ]);
  const last = views.at(-1);
  return {
    contact: {
      contact_id: contact.contact_id,
      full_name: contact.full_name,
      account_id: contact.account_id,
      opted_out: contact.unsubscribe_flag || contact.opt_out_flag,
    },
    // the cursor is the page's last event by time; within the page a reply comes before its effects
    items: replyBeforeEffects(
      page.map((r, i) => {
        const v = views[i];
        return {
          ...v,
          decision: {
            action: v.coordinator_action,
            gate: v.gate,
            reason: v.suppressed_reason ?? v.resolution,
            release_at: v.release_at,
          },
          play_name: r.play_name,
          campaign_name: r.campaign_name,
          message: (v.event_type === "touch" && v.send_item_id && messages.get(v.send_item_id)) || null,
          reply: replies.get(v.event_id) ?? null,
          release: releases.get(v.event_id) ?? null,
          signal: v.event_type === "signal_proposal" ? signalStory(v.details) : null,
        };
      }),
    ),
    next_cursor:
      rows.length > limit && last
        ? encodeTimeCursor(actor.clientId, contactId, page[page.length - 1].cursor_at, last.event_id)
        : null,
  };
}
