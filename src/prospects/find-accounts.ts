// Find an account by the start of its name or domain (issue 58: agents find accounts by name over
// MCP), tenant-scoped, paged by (lower(name), account_id) in "C" order on accounts_name_search_idx
// (migration 0375), as the workspace's contact search is (search-contacts.ts). Accounts are not
// prospects: every principal finds every account, but an account's count of contacts is of those in
// the principal's book, the ones find_contacts shows it (docs/books.md).
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { bookOf, contactRowInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { decodePageCursor, encodePageCursor, type Page, pageSize, takePage } from "../db/page-cursor.ts";

export interface AccountSummary {
  account_id: string;
  name: string;
  domain: string | null;
  segment: string | null;
  icp_tier: string;
  abm_active: boolean;
  vertical: string | null;
  /** how many contacts the account has in the principal's book */
  contacts: number;
}

export interface AccountSearch {
  /** the start of the name or the domain, any case */
  q?: string;
  segment?: string;
  abm_active?: boolean;
  limit?: number;
  cursor?: string;
}

const LIST = "accounts";

/** Escapes LIKE wildcards so a search for "50%" means the characters. */
function likePrefix(q: string): string {
  return `${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

export async function findAccounts(
  db: Kysely<DB>,
  p: Principal,
  f: AccountSearch,
): Promise<Page<AccountSummary>> {
  const limit = pageSize(f.limit, 50);
  const sortName = sql<string>`lower(a.name) collate "C"`;
  const book = await bookOf(db, p);
  let q = db
    .selectFrom("accounts as a")
    .select((eb) => [
      "a.account_id",
      "a.name",
      "a.domain",
      "a.segment",
      "a.icp_tier",
      "a.abm_active",
      "a.vertical",
      sortName.as("sort_name"),
      eb
        .selectFrom("contacts as c")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("c.client_id", "=", "a.client_id")
        .whereRef("c.account_id", "=", "a.account_id")
        .where(contactRowInBook(book, p.clientId, "c"))
        .as("contacts"),
    ])
    .where("a.client_id", "=", p.clientId);
  const text = f.q?.trim();
  if (text) {
    const pattern = likePrefix(text);
    q = q.where((eb) =>
      eb.or([eb(sortName, "like", pattern), eb(sql`lower(a.domain) collate "C"`, "like", pattern)]),
    );
  }
  if (f.segment) q = q.where("a.segment", "=", f.segment);
  if (f.abm_active !== undefined) q = q.where("a.abm_active", "=", f.abm_active);
  if (f.cursor) {
    const [name, id] = decodePageCursor(LIST, p.clientId, f.cursor, ["text", "uuid"] as const);
    q = q.where(sql<boolean>`(lower(a.name) collate "C", a.account_id) > (${name} collate "C", ${id}::uuid)`);
  }
  const rows = await q
    .orderBy(sortName)
    .orderBy("a.account_id")
    .limit(limit + 1)
    .execute();
  const out = takePage(rows, limit, (last) =>
    encodePageCursor(LIST, p.clientId, [last.sort_name, last.account_id]),
  );
  return {
    items: out.items.map(({ sort_name: _s, contacts, ...r }) => ({ ...r, contacts: Number(contacts ?? 0) })),
    next_cursor: out.next_cursor,
  };
}
