// Prospect search for the workspace: name or email prefix, optional account and opt-out filters,
// keyset-paged by (lower(full_name), contact_id) in "C" order on contacts_name_search_idx (migration 0090).
// Both the list and the one contact's header are the principal's book (docs/books.md): a prospect
// outside it is absent from the list and a 404 by id, as another workspace's is.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { bookOf, contactRowInBook } from "../books/index.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";

export interface ContactSummary {
  contact_id: string;
  full_name: string;
  email: string | null;
  title: string | null;
  account_id: string | null;
  company: string | null;
  icp_tier: string | null;
  segment: string | null;
  /** the segment's name, what a person reads (issue 60 item 5) */
  segment_name: string | null;
  opted_out: boolean;
  last_touch_at: string | null;
  /** issue 37: the prospect page says when the account is ABM-active (one contact's header only) */
  abm_active?: boolean;
}

export interface ContactSearch {
  q?: string;
  account_id?: string;
  opted_out?: boolean;
  limit?: number;
  cursor?: string;
}

function encode(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id])).toString("base64url");
}
function decode(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString());
    if (Array.isArray(v) && typeof v[0] === "string" && isUuid(v[1])) return [v[0], v[1]];
  } catch {}
  throw new BatonError("VALIDATION_FAILED", {
    errors: [{ path: "querystring/cursor", message: "is not a cursor from this list" }],
  });
}

/** Escapes LIKE wildcards so a search for "50%" means the characters. */
function likePrefix(q: string): string {
  return `${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

export async function searchContacts(
  db: Kysely<DB>,
  p: Principal,
  f: ContactSearch,
): Promise<{ items: ContactSummary[]; next_cursor: string | null }> {
  const limit = f.limit ?? 50;
  const book = await bookOf(db, p);
  let q = db
    .selectFrom("contacts as c")
    .leftJoin("accounts as a", (j) =>
      j.onRef("a.client_id", "=", "c.client_id").onRef("a.account_id", "=", "c.account_id"),
    )
    .leftJoin("segments as s", (j) =>
      j.onRef("s.client_id", "=", "a.client_id").onRef("s.segment", "=", "a.segment"),
    )
    .select([
      "c.contact_id",
      "c.full_name",
      "c.email",
      "c.title",
      "c.account_id",
      "a.name as company",
      "a.icp_tier",
      "a.segment",
      "s.name as segment_name",
      "c.unsubscribe_flag",
      "c.opt_out_flag",
      "c.last_touch_at",
      sql<string>`lower(c.full_name) collate "C"`.as("sort_name"),
    ])
    .where("c.client_id", "=", p.clientId)
    .where(contactRowInBook(book, p.clientId, "c"));
  const text = f.q?.trim();
  if (text) {
    const pattern = likePrefix(text);
    // two index range scans (name prefix, email prefix), then the page is sorted from the matches
    q = q.where(
      sql<boolean>`c.contact_id = any(array(
        select contact_id from contacts where client_id = ${p.clientId} and lower(full_name) collate "C" like ${pattern}
        union
        select contact_id from contacts where client_id = ${p.clientId} and lower(email) collate "C" like ${pattern}))`,
    );
  }
  if (f.account_id) {
    if (!isUuid(f.account_id)) return { items: [], next_cursor: null };
    q = q.where("c.account_id", "=", f.account_id);
  }
  if (f.opted_out !== undefined) {
    q = f.opted_out
      ? q.where((eb) => eb.or([eb("c.unsubscribe_flag", "=", true), eb("c.opt_out_flag", "=", true)]))
      : q.where("c.unsubscribe_flag", "=", false).where("c.opt_out_flag", "=", false);
  }
  if (f.cursor) {
    const [name, id] = decode(f.cursor);
    q = q.where(
      sql<boolean>`(lower(c.full_name) collate "C", c.contact_id) > (${name} collate "C", ${id}::uuid)`,
    );
  }
  const rows = await q
    // "C" order is the order of the text_pattern_ops index, so a page is an index range scan
    .orderBy(sql`lower(c.full_name) collate "C"`)
    .orderBy("c.contact_id")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      contact_id: r.contact_id,
      full_name: r.full_name,
      email: r.email,
      title: r.title,
      account_id: r.account_id,
      company: r.company,
      icp_tier: r.icp_tier,
      segment: r.segment,
      segment_name: r.segment_name,
      opted_out: r.unsubscribe_flag || r.opt_out_flag,
      last_touch_at: r.last_touch_at ? new Date(r.last_touch_at).toISOString() : null,
    })),
    next_cursor: rows.length > limit && last ? encode(last.sort_name, last.contact_id) : null,
  };
}

/** One contact's header for the timeline page. Another tenant's id, or one outside the book, is a plain 404. */
export async function getContactSummary(
  db: Kysely<DB>,
  p: Principal,
  contactId: string,
): Promise<ContactSummary> {
  if (!isUuid(contactId)) throw new BatonError("NOT_FOUND", { entity: "Contact", id: contactId });
  const r = await db
    .selectFrom("contacts as c")
    .leftJoin("accounts as a", (j) =>
      j.onRef("a.client_id", "=", "c.client_id").onRef("a.account_id", "=", "c.account_id"),
    )
    .leftJoin("segments as s", (j) =>
      j.onRef("s.client_id", "=", "a.client_id").onRef("s.segment", "=", "a.segment"),
    )
    .select([
      "c.contact_id",
      "c.full_name",
      "c.email",
      "c.title",
      "c.account_id",
      "a.name as company",
      "a.icp_tier",
      "a.segment",
      "s.name as segment_name",
      "a.abm_active",
      "c.unsubscribe_flag",
      "c.opt_out_flag",
      "c.last_touch_at",
    ])
    .where("c.client_id", "=", p.clientId)
    .where("c.contact_id", "=", contactId)
    .where(contactRowInBook(await bookOf(db, p), p.clientId, "c"))
    .executeTakeFirst();
  if (!r) throw new BatonError("NOT_FOUND", { entity: "Contact", id: contactId });
  return {
    contact_id: r.contact_id,
    full_name: r.full_name,
    email: r.email,
    title: r.title,
    account_id: r.account_id,
    company: r.company,
    icp_tier: r.icp_tier,
    segment: r.segment,
    segment_name: r.segment_name,
    opted_out: r.unsubscribe_flag || r.opt_out_flag,
    last_touch_at: r.last_touch_at ? new Date(r.last_touch_at).toISOString() : null,
    abm_active: r.abm_active === true,
  };
}
