// Books (issue 61 item 2) for the writes on one enrollment by a principal (exit, pause, resume): the
// enrollment's prospect must be in the actor's book, else the answer is the one an enrollment of
// another workspace gets (ENROLLMENT_NOT_FOUND: a book does not say what is outside it). Nothing is
// read when the actor's book is the workspace. docs/books.md.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { bookOf, contactsInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";

/** Throws ENROLLMENT_NOT_FOUND unless the prospect of this enrollment (read by the caller) is in the book. */
export async function requireEnrollmentInBook(
  db: Kysely<DB>,
  actor: Principal,
  e: { id: string; contact_id: string },
): Promise<void> {
  const inBook = await contactsInBook(db, actor, [e.contact_id]);
  if (!inBook.has(e.contact_id)) throw new BatonError("ENROLLMENT_NOT_FOUND", { enrollment_id: e.id });
}

/**
 * The same for an enrollment named by id, read here only when the book is not the workspace. An id
 * of no enrollment passes: the caller's own read answers it as before.
 */
export async function requireEnrollmentIdInBook(
  db: Kysely<DB>,
  actor: Principal,
  enrollmentId: string,
): Promise<void> {
  if ((await bookOf(db, actor)).kind === "tenant" || !isUuid(enrollmentId)) return;
  const e = await db
    .selectFrom("campaign_contacts")
    .select(["id", "contact_id"])
    .where("client_id", "=", actor.clientId)
    .where("id", "=", enrollmentId)
    .executeTakeFirst();
  if (e) await requireEnrollmentInBook(db, actor, e);
}
