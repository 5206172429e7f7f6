// The outbox as a readable inbox: RevOps and admins see every notification of the tenant; everyone
// else (reps, managers, agents polling instead of a webhook) sees what was addressed to them:
// their principal id, one of their roles, or their agent id. Within that, a notification about a
// prospect (a flag, a coordinator notice) is read only when the prospect is in the reader's book, and
// one about a person's work (a backlog) when that person's prospects are (issue 73 item 1: a notice
// to every rep or every sales leader, or to an agent's id, names another book's prospect otherwise).
import { type Kysely, type RawBuilder, sql } from "kysely";
import { hasRole, type Principal } from "../auth/principal.ts";
import { type Book, bookOf, contactInBook, personInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { encodePageCursor } from "../db/page-cursor.ts";
import { decodeEventListCursor } from "../events/index.ts";

export interface NotificationView {
  notification_id: number;
  kind: string;
  recipient: { kind: string; id: string };
  payload: Record<string, unknown>;
  created_at: string;
  deliveries: { webhook_id: string; status: string; attempts: number; last_error: string | null }[];
}

const UUID_TEXT = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/**
 * A notification in the reader's book: its payload's contact_id in the book when it names one (a
 * contact_id that is not a uuid is in no book), else its principal_id's prospects the book's when it
 * names a person; a notification that names neither names nothing of a book.
 */
function notificationInBook(book: Book, clientId: string): RawBuilder<boolean> {
  const contact = sql<string | null>`(case when o.payload->>'contact_id' ~ ${UUID_TEXT}
    then (o.payload->>'contact_id')::uuid end)`;
  const person = sql<string | null>`(case when o.payload->>'principal_id' ~ ${UUID_TEXT}
    then (o.payload->>'principal_id')::uuid end)`;
  return sql<boolean>`(case when o.payload->>'contact_id' is not null then ${contactInBook(book, clientId, contact)}
    when o.payload->>'principal_id' is not null then ${personInBook(book, person)}
    else true end)`;
}

export async function listNotifications(
  db: Kysely<DB>,
  actor: Principal,
  q: { kind?: string; mine?: boolean; limit?: number; cursor?: string },
): Promise<{ items: NotificationView[]; next_cursor: string | null }> {
  const limit = q.limit ?? 50;
  // the shared cursor over notification_id; a foreign or made-up one is EVENT_CURSOR_INVALID, as before
  const before =
    q.cursor !== undefined
      ? decodeEventListCursor("notifications", actor.clientId, q.cursor, ["int"])[0]
      : undefined;
  const all = hasRole(actor, "revops", "admin") && !q.mine;
  let query = db
    .selectFrom("notification_outbox as o")
    .selectAll("o")
    .select(
      sql<
        NotificationView["deliveries"]
      >`coalesce((select json_agg(json_build_object('webhook_id', d.webhook_id,
        'status', d.status, 'attempts', d.attempts, 'last_error', d.last_error) order by d.created_at)
        from notification_deliveries d
        where d.client_id = o.client_id and d.notification_id = o.notification_id), '[]'::json)`.as(
        "deliveries",
      ),
    )
    .where("o.client_id", "=", actor.clientId)
    .orderBy("o.notification_id", "desc")
    .limit(limit + 1);
  if (!all) {
    query = query.where((eb) =>
      eb.or([
        eb.and([eb("o.recipient_kind", "=", "principal"), eb("o.recipient", "=", actor.principalId)]),
        ...(actor.roles.length
          ? [eb.and([eb("o.recipient_kind", "=", "role"), eb("o.recipient", "in", actor.roles)])]
          : []),
        ...(actor.agentId
          ? [eb.and([eb("o.recipient_kind", "=", "agent"), eb("o.recipient", "=", actor.agentId)])]
          : []),
      ]),
    );
  }
  if (!all) {
    // the workspace-wide roles reach the workspace's book: only the others pay for the read
    const book = await bookOf(db, actor);
    if (book.kind !== "tenant") query = query.where(notificationInBook(book, actor.clientId));
  }
  if (q.kind) query = query.where("o.kind", "=", q.kind);
  if (before !== undefined) query = query.where("o.notification_id", "<", before);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      notification_id: Number(r.notification_id),
      kind: r.kind,
      recipient: { kind: r.recipient_kind, id: r.recipient },
      payload: r.payload,
      created_at: new Date(r.created_at).toISOString(),
      deliveries: r.deliveries,
    })),
    next_cursor:
      rows.length > limit
        ? encodePageCursor("notifications", actor.clientId, [Number(page[page.length - 1].notification_id)])
        : null,
  };
}
