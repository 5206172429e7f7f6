// Unsubscribe or opt out a lead by API or CLI (issue 3). Any person of the tenant or an agent may
// do it: stopping contact must never be harder than starting it. Another tenant's lead is a 404.
// Another book's prospect is opted out too (spec 001: never send after an opt-out), and then
// answered the same 404 as a prospect that does not exist (issue 73 item 1): the answer does not
// say which ids exist outside the caller's book.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { bookOf, contactsInBook } from "../books/index.ts";
import { setActor } from "../db/actor-context.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { OptOutFlag } from "./contract.ts";
import { optOut, retryOnLockConflict } from "./opt-out.ts";

export async function optOutAs(
  db: Kysely<DB>,
  actor: Principal,
  input: { contactId: string; flag: OptOutFlag; source?: string },
  now: Date,
) {
  const notFound = () => new BatonError("NOT_FOUND", { entity: "contact", id: input.contactId });
  if (!isUuid(input.contactId)) throw notFound();
  const book = await bookOf(db, actor);
  // retried as a whole on deadlock: an opt-out must not be lost to a worker's lock order
  const done = await retryOnLockConflict(() =>
    db.transaction().execute(async (tx) => {
      await setActor(tx, actor, now);
      return optOut(
        tx,
        actor,
        {
          clientId: actor.clientId,
          contactId: input.contactId,
          flag: input.flag,
          source: input.source ?? "api",
        },
        now,
      );
    }),
  );
  // recorded, whatever the book; answered as no prospect when it is not the caller's
  if (book.kind !== "tenant" && !(await contactsInBook(db, actor, [input.contactId])).has(input.contactId))
    throw notFound();
  return done;
}
