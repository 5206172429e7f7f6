// The workspace's book setting (issue 61 item 2): everyone reads it (the workspace says whose
// prospects a person sees); RevOps and admins change it, audited (book_scope_set). The answer counts
// the prospects no one owns, which only the workspace-wide roles reach under 'team' or 'own'.
import { type Kysely, sql } from "kysely";
import { type AuditSource, auditActor, recordAudit } from "../audit/index.ts";
import { type Principal, requireRole } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { bookOf, bookScopeOf } from "./book.ts";
import type { BookScope } from "./tables.ts";

export const BOOK_EDITORS = ["revops", "admin"] as const;

export interface BookSettingsView {
  scope: BookScope;
  updated_at: string | null;
  updated_by: string | null;
  /** prospects with no owner: in no one's book but RevOps', the exec's and admins' */
  unowned_contacts: number;
  /** what the asking principal's own book is */
  your_book: "workspace" | "people" | "territory" | "nothing";
  /** how many people's prospects the asking principal reaches, when it is a list of people */
  your_book_people: number | null;
}

export async function getBookSettings(db: Kysely<DB>, actor: Principal): Promise<BookSettingsView> {
  const [row, unowned, book] = await Promise.all([
    db
      .selectFrom("book_settings as s")
      .leftJoin("principals as p", (j) =>
        j.onRef("p.client_id", "=", "s.client_id").onRef("p.principal_id", "=", "s.updated_by"),
      )
      .select(["s.scope", "s.updated_at", "p.display_name"])
      .where("s.client_id", "=", actor.clientId)
      .executeTakeFirst(),
    db
      .selectFrom("contacts")
      .select(sql<string>`count(*)`.as("n"))
      .where("client_id", "=", actor.clientId)
      .where("owner_principal_id", "is", null)
      .executeTakeFirstOrThrow(),
    bookOf(db, actor),
  ]);
  return {
    scope: row?.scope ?? "tenant",
    updated_at: row?.updated_at ? row.updated_at.toISOString() : null,
    updated_by: row?.display_name ?? null,
    unowned_contacts: Number(unowned.n),
    your_book:
      book.kind === "tenant"
        ? "workspace"
        : book.kind === "owners"
          ? "people"
          : book.kind === "territory"
            ? "territory"
            : "nothing",
    your_book_people: book.kind === "owners" ? book.owners.length : null,
  };
}

export async function setBookScope(
  db: Kysely<DB>,
  actor: Principal,
  scope: BookScope,
  source: AuditSource = {},
): Promise<BookSettingsView> {
  requireRole(actor, "change whose prospects people see", ...BOOK_EDITORS);
  await db.transaction().execute(async (tx) => {
    const before = await bookScopeOf(tx, actor.clientId);
    await tx
      .insertInto("book_settings")
      .values({ client_id: actor.clientId, scope, updated_by: actor.principalId })
      .onConflict((oc) =>
        oc.column("client_id").doUpdateSet({ scope, updated_at: new Date(), updated_by: actor.principalId }),
      )
      .execute();
    await recordAudit(tx, {
      clientId: actor.clientId,
      ...auditActor(actor),
      action: "book_scope_set",
      target: `books:${actor.clientId}`,
      details: { from: before, to: scope },
      ip: source.ip,
      userAgent: source.userAgent,
    });
  });
  return getBookSettings(db, actor);
}
