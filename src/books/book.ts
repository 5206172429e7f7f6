// Books (issue 61 item 2): whose prospects a principal reaches. The one place the API, MCP, the
// workspace, exports and search ask: every read of prospects, and of what hangs off a prospect
// (enrollments, tasks, drafts, replies, hand-offs, meetings, events), filters by bookOf(principal),
// and every write to one prospect asks requireInBook first. The database refuses a person's write
// outside their book again (db/migrations/0460_books.sql), so a read that forgets the book shows a
// prospect but a write that forgets it still fails. docs/books.md.
//
// The workspace's setting (book_settings.scope, no row = 'tenant'):
//   tenant  everyone reaches every prospect, as their roles allow (Baton before books)
//   team    a person reaches the prospects owned by the people of their teams, and their own
//   own     a person reaches their own; a team's manager also the team's people's
// RevOps, the exec and admins reach the workspace whatever the setting. An agent reaches what its
// token is bound to (api_tokens.book_team_id / book_territory_id), the workspace when unbound; an
// OAuth client acting for a person reaches that person's book, never more.
import { type Kysely, type RawBuilder, sql } from "kysely";
import { hasRole, type Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { definitionSql, parseDefinition, territoryCaseSql } from "../teams/index.ts";
import type { BookScope } from "./tables.ts";

export type Book =
  /** every prospect of the workspace */
  | { kind: "tenant" }
  /** the prospects these people own (a person's own book, a team's) */
  | { kind: "owners"; owners: readonly string[] }
  /** the prospects whose account is in this territory (an agent's token bound to it) */
  | { kind: "territory"; territoryId: string; accounts: RawBuilder<boolean> }
  /** nothing: a token bound to a team or territory that was deleted */
  | { kind: "none" };

/** The roles that reach the whole workspace whatever its setting. */
export const WORKSPACE_WIDE_ROLES = ["revops", "exec", "admin"] as const;

const cache = new WeakMap<Principal, Promise<Book>>();

/**
 * The principal's book, read once per principal object (a request's principal is its own object, so
 * a change of teams or setting reaches the next request).
 */
export function bookOf(db: Kysely<DB>, p: Principal): Promise<Book> {
  let book = cache.get(p);
  if (!book) {
    book = loadBook(db, p);
    cache.set(p, book);
    book.catch(() => cache.delete(p));
  }
  return book;
}

/** The workspace's setting ('tenant' when never set). */
export async function bookScopeOf(db: Kysely<DB>, clientId: string): Promise<BookScope> {
  const row = await db
    .selectFrom("book_settings")
    .select("scope")
    .where("client_id", "=", clientId)
    .executeTakeFirst();
  return row?.scope ?? "tenant";
}

async function loadBook(db: Kysely<DB>, p: Principal): Promise<Book> {
  if (p.kind === "agent") return agentBook(db, p);
  if (hasRole(p, ...WORKSPACE_WIDE_ROLES)) return { kind: "tenant" };
  const scope = await bookScopeOf(db, p.clientId);
  if (scope === "tenant") return { kind: "tenant" };
  const rows = await db
    .selectFrom("team_members as me")
    .innerJoin("team_members as them", (j) =>
      j.onRef("them.client_id", "=", "me.client_id").onRef("them.team_id", "=", "me.team_id"),
    )
    .select("them.principal_id")
    .distinct()
    .where("me.client_id", "=", p.clientId)
    .where("me.principal_id", "=", p.principalId)
    .$if(scope === "own", (q) => q.where("me.role", "=", "manager"))
    .execute();
  const owners = new Set([p.principalId, ...rows.map((r) => r.principal_id)]);
  return { kind: "owners", owners: [...owners] };
}

async function agentBook(db: Kysely<DB>, p: Principal): Promise<Book> {
  const bound = p.bookBinding;
  if (!bound || (!bound.teamId && !bound.territoryId)) return { kind: "tenant" };
  if (bound.teamId) {
    // the team and its people in one read: no row, the team was deleted (the token reaches nothing)
    const rows = await db
      .selectFrom("teams as t")
      .leftJoin("team_members as m", (j) =>
        j.onRef("m.client_id", "=", "t.client_id").onRef("m.team_id", "=", "t.team_id"),
      )
      .select("m.principal_id")
      .where("t.client_id", "=", p.clientId)
      .where("t.team_id", "=", bound.teamId)
      .execute();
    if (rows.length === 0) return { kind: "none" };
    return { kind: "owners", owners: rows.flatMap((r) => (r.principal_id ? [r.principal_id] : [])) };
  }
  const territoryId = bound.territoryId!;
  // an account is the territory's when it is the first territory (by priority) it matches, as
  // assignment decides (src/teams/assign-owners.ts)
  const all = await db
    .selectFrom("territories")
    .select(["territory_id", "definition"])
    .where("client_id", "=", p.clientId)
    .orderBy("priority")
    .orderBy("created_at")
    .execute();
  if (!all.some((t) => t.territory_id === territoryId)) return { kind: "none" };
  const list = all.map((t) => ({ territory_id: t.territory_id, definition: parseDefinition(t.definition) }));
  const own = list.find((t) => t.territory_id === territoryId)!;
  // the territory's own condition first (cheap and selective), then the first-match rule
  return {
    kind: "territory",
    territoryId,
    accounts: sql<boolean>`(${definitionSql(own.definition)} and ${territoryCaseSql(list)} = ${territoryId}::uuid)`,
  };
}

/** True when the book is the whole workspace: a read needs no filter. */
export function isWholeWorkspace(book: Book): boolean {
  return book.kind === "tenant";
}

/**
 * A condition on a contact row already in the query (its alias: `c` unless given): its owner and
 * account are in the book.
 */
export function contactRowInBook(book: Book, clientId: string, alias = "c"): RawBuilder<boolean> {
  switch (book.kind) {
    case "tenant":
      return sql<boolean>`true`;
    case "none":
      return sql<boolean>`false`;
    case "owners":
      return sql<boolean>`(${sql.ref(`${alias}.owner_principal_id`)} = any(${book.owners as string[]}::uuid[]))`;
    case "territory":
      return sql<boolean>`exists (select 1 from accounts a
        where a.client_id = ${clientId} and a.account_id = ${sql.ref(`${alias}.account_id`)} and ${book.accounts})`;
  }
}

/**
 * A condition on a column holding a contact id (`e.contact_id`, …): that contact is in the book.
 * For rows that hang off a prospect (enrollments, tasks, replies, hand-offs, meetings, events).
 */
export function contactIdInBook(book: Book, clientId: string, contactIdRef: string): RawBuilder<boolean> {
  return contactInBook(book, clientId, sql.ref(contactIdRef));
}

/** contactIdInBook for any expression of a contact id (a uuid; null is in no book). */
export function contactInBook(
  book: Book,
  clientId: string,
  contactId: RawBuilder<string | null> | ReturnType<typeof sql.ref>,
): RawBuilder<boolean> {
  if (book.kind === "tenant") return sql<boolean>`true`;
  if (book.kind === "none") return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from contacts bc
    where bc.client_id = ${clientId} and bc.contact_id = ${contactId}
      and ${contactRowInBook(book, clientId, "bc")})`;
}

/**
 * A condition on a column or expression holding a person's id, for rows about a person's own work
 * rather than one prospect (a rep's backlog): in the book when that person's prospects are the
 * book's (their own; their team's people under 'team' and 'own'; a bound agent's team).
 */
export function personInBook(book: Book, principalId: RawBuilder<string | null>): RawBuilder<boolean> {
  if (book.kind === "tenant") return sql<boolean>`true`;
  if (book.kind !== "owners") return sql<boolean>`false`;
  return sql<boolean>`coalesce(${principalId} = any(${book.owners as string[]}::uuid[]), false)`;
}

/** The ids among `contactIds` that are in the principal's book (all of them for the workspace). */
export async function contactsInBook(
  db: Kysely<DB>,
  p: Principal,
  contactIds: readonly string[],
): Promise<Set<string>> {
  const book = await bookOf(db, p);
  if (book.kind === "tenant") return new Set(contactIds);
  if (book.kind === "none" || contactIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("contacts as c")
    .select("c.contact_id")
    .where("c.client_id", "=", p.clientId)
    .where("c.contact_id", "=", sql<string>`any(${[...contactIds]}::uuid[])`)
    .where(contactRowInBook(book, p.clientId, "c"))
    .execute();
  return new Set(rows.map((r) => r.contact_id));
}

/**
 * Throws NOT_FOUND (as for another workspace's prospect: a book does not say what is outside it)
 * unless the contact is in the principal's book. The write paths ask it before they change a
 * prospect or what hangs off it.
 */
export async function requireInBook(
  db: Kysely<DB>,
  p: Principal,
  contactId: string,
  entity = "contact",
  id: string = contactId,
): Promise<void> {
  const book = await bookOf(db, p);
  if (book.kind === "tenant") return;
  const inBook = await contactsInBook(db, p, [contactId]);
  if (!inBook.has(contactId)) throw new BatonError("NOT_FOUND", { entity, id });
}

/**
 * The ids of the book's prospects when there are at most `max` of them, else undefined (and for the
 * workspace). A read whose cost grows with what it walks past (the event log newest first) takes a
 * small book's prospects one by one instead (src/events/query-events.ts).
 */
export async function smallBookContactIds(
  db: Kysely<DB>,
  p: Principal,
  max: number,
): Promise<string[] | undefined> {
  const book = await bookOf(db, p);
  if (book.kind === "tenant") return undefined;
  if (book.kind === "none") return [];
  const rows = await db
    .selectFrom("contacts as c")
    .select("c.contact_id")
    .where("c.client_id", "=", p.clientId)
    .where(contactRowInBook(book, p.clientId, "c"))
    .limit(max + 1)
    .execute();
  return rows.length > max ? undefined : rows.map((r) => r.contact_id);
}
