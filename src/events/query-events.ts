// Event-log queries (spec 001 API: by prospect, play, proposal, reason and time range, with cursor
// paging). Newest first, keyset on event_id: each filter has an index ending in event_id
// (migration 0040), so a page costs an index range scan whatever the log's size.
// A book-scoped principal reads the events of the prospects in its book and those of no prospect
// (docs/books.md); the workspace's book adds no condition. A book of many prospects walks the log
// newest first, keeping its prospects' events (a hash of the book); a small book (at most
// SMALL_BOOK prospects) reads each prospect's newest events by the contact index instead, and the
// events of no prospect by theirs (0462), then merges them: walking the log for a person owning 50
// of 100,000 prospects took 224 ms a page (bench:workspace), the merge a few.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { bookOf, contactIdInBook, isWholeWorkspace, smallBookContactIds } from "../books/index.ts";
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
  if (!q.contact_id && !isWholeWorkspace(book)) {
    const few = await smallBookContactIds(db, actor, SMALL_BOOK);
    if (few) return pageOf(await smallBookPage(db, actor.clientId, few, q, limit), actor.clientId, limit);
  }
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
  return pageOf(await query.execute(), actor.clientId, limit);
}

/** At most this many prospects in a book: its events are read prospect by prospect. */
export const SMALL_BOOK = 1000;

type EventRow = Parameters<typeof toEventView>[0];

function pageOf(rows: EventRow[], clientId: string, limit: number): EventPage {
  const page = rows.slice(0, limit);
  return {
    items: page.map(toEventView),
    next_cursor: rows.length > limit ? encodeCursor(clientId, Number(page[page.length - 1]!.event_id)) : null,
  };
}

/**
 * One page of a small book's events: the newest limit+1 of each prospect (the contact index, 0040)
 * and of no prospect (0462), merged newest first. Every part names the tenant (one shard on Citus).
 */
async function smallBookPage(
  db: Kysely<DB>,
  clientId: string,
  contactIds: string[],
  q: EventQuery,
  limit: number,
): Promise<EventRow[]> {
  const conds = [sql`true`];
  if (q.play_id) conds.push(sql`e.play_id = ${q.play_id}::uuid`);
  if (q.originating_proposal_id)
    conds.push(sql`e.originating_proposal_id = ${q.originating_proposal_id}::uuid`);
  if (q.suppressed_reason) conds.push(sql`e.suppressed_reason = ${q.suppressed_reason}`);
  if (q.event_type) conds.push(sql`e.event_type = ${q.event_type}`);
  if (q.from) conds.push(sql`e.occurred_at >= ${q.from}::timestamptz`);
  if (q.to) conds.push(sql`e.occurred_at < ${q.to}::timestamptz`);
  if (q.cursor !== undefined) conds.push(sql`e.event_id < ${decodeCursor(clientId, q.cursor)}`);
  const where = sql.join(conds, sql` and `);
  const n = limit + 1;
  const { rows } = await sql<EventRow>`
    select * from (
      (select e.* from cadence_event_log e where e.client_id = ${clientId} and ${where} and e.contact_id is null
        order by e.event_id desc limit ${n})
      union all
      (select e.* from unnest(${contactIds}::uuid[]) as b(contact_id)
        cross join lateral (select e.* from cadence_event_log e
                             where e.client_id = ${clientId} and ${where} and e.contact_id = b.contact_id
                             order by e.event_id desc limit ${n}) e)
    ) page order by event_id desc limit ${n}`.execute(db);
  return rows;
}
