// Books (issue 61 item 2) on what hangs off a send item: a staged draft and a drafting task name
// their prospect only through sales_send_queue.contact_id. docs/books.md "Queues".
import { type RawBuilder, sql } from "kysely";
import { type Book, contactIdInBook } from "../books/index.ts";

/**
 * A condition on a column holding a send item's id (`d.send_item_id`, …): the item's prospect is
 * in the book. Literally `true` for the workspace; a row with no send item names no prospect and
 * is in no book but the workspace's.
 */
export function sendItemInBook(book: Book, clientId: string, sendItemRef: string): RawBuilder<boolean> {
  if (book.kind === "tenant") return sql<boolean>`true`;
  return sql<boolean>`exists (select 1 from sales_send_queue bq
    where bq.client_id = ${clientId} and bq.id = ${sql.ref(sendItemRef)}
      and ${contactIdInBook(book, clientId, "bq.contact_id")})`;
}
