// Event-log queries (spec 001 API: by prospect, play, proposal, reason and time range, with cursor
// paging). Newest first, keyset on event_id: each filter has an index ending in event_id
// (migration 0040), so a page costs an index range scan whatever the log's size.
// A book-scoped principal reads the events of the prospects in its book and those of no prospect
// (docs/books.md); the workspace's book adds no condition.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { bookOf, contactIdInBook, isWholeWorkspace } from "../books/book.ts";
import type { SuppressedReason } from "../coordinator/contract.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { decodeCursor, encodeCursor } from "./event-cursor.ts";
import { type EventView, toEventView } from "./event-view.ts";

export interface EventQuery {
  contact_id?: string;
  play_id?: string;
  originating_proposal_id?: string;
  suppressed_reason?: SuppressedReason;
  event_type?: string;
  /** occurred_at >= from */
  from?: Date;
  /** occurred_at < to */
  to?: Date;
  limit?: number;
  cursor?: string;
}

export interface EventPage {
  items: EventView[];
  next_cursor: string | null;
}

/**
 * Every principal of the tenant may read its audit trail (AGT-303 reads it for analysis), the
 * events about a prospect only when the prospect is in the principal's book.
 */
export async function queryEvents(db: Kysely<DB>, actor: Principal, q: EventQuery): Promise<EventPage> {
  if (q.from && q.to && q.from >= q.to) {
    throw new BatonError("EVENT_TIME_RANGE_INVALID", { from: q.from.toISOString(), to: q.to.toISOString() });
  }
  const limit = q.limit ?? 50;
  let query = db
    .selectFrom("cadence_event_log")
    .selectAll()
    .where("client_id", "=", actor.clientId)
    .orderBy("event_id", "desc")
    .limit(limit + 1);
  const book = await bookOf(db, actor);
  if (!isWholeWorkspace(book)) {
    // PostgreSQL hashes the book's prospects once and walks the log newest first: a page costs the
    // events walked to fill it (docs/books.md, "Prospects": a rep owning 20 of 100,000 prospects
    // walks most of the log)
    const inBook = contactIdInBook(book, actor.clientId, "cadence_event_log.contact_id");
    query = query.where(sql<boolean>`(cadence_event_log.contact_id is null or ${inBook})`);
  }
  if (q.contact_id) query = query.where("contact_id", "=", q.contact_id);
  if (q.play_id) query = query.where("play_id", "=", q.play_id);
  if (q.originating_proposal_id)
    query = query.where("originating_proposal_id", "=", q.originating_proposal_id);
  if (q.suppressed_reason) query = query.where("suppressed_reason", "=", q.suppressed_reason);
  if (q.event_type) query = query.where("event_type", "=", q.event_type);
  if (q.from) query = query.where("occurred_at", ">=", q.from);
  if (q.to) query = query.where("occurred_at", "<", q.to);
  if (q.cursor !== undefined) query = query.where("event_id", "<", decodeCursor(actor.clientId, q.cursor));
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map(toEventView),
    next_cursor:
      rows.length > limit ? encodeCursor(actor.clientId, Number(page[page.length - 1].event_id)) : null,
  };
}
