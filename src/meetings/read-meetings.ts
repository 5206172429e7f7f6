// A contact's meetings (issue 41 item 2), newest first, for the prospect page and agents. A
// prospect outside the principal's book has none to show (docs/books.md), as another workspace's.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { bookOf, contactIdInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";

const READERS = ["admin", "revops", "slm", "exec", "rep"] as const;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function listContactMeetings(db: Kysely<DB>, actor: Principal, contactId: string) {
  requireRole(actor, "read a contact's meetings", ...READERS);
  const rows = await db
    .selectFrom("meetings")
    .select([
      "id",
      "provider",
      "status",
      "matched_by",
      "title",
      "start_at",
      "end_at",
      "booked_at",
      "cancelled_at",
      "cancel_reason",
      "enrollment_id",
      "review_status",
    ])
    .where("client_id", "=", actor.clientId)
    .where("contact_id", "=", contactId)
    .where(contactIdInBook(await bookOf(db, actor), actor.clientId, "meetings.contact_id"))
    .orderBy("booked_at", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    ...r,
    start_at: iso(r.start_at),
    end_at: iso(r.end_at),
    booked_at: iso(r.booked_at)!,
    cancelled_at: iso(r.cancelled_at),
  }));
}
