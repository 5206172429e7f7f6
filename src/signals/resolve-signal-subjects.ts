// Step 2 of recording signals (issue 69 items 1 and 2, record-signals.ts): each item's subject is
// matched in the tenant only (a contact id or account id of another tenant is "not found", an address
// or domain of another tenant's people matches nobody here and waits; an erased person's address is
// refused: the erasure stands), and, for a recorder whose book is not the whole workspace, only the
// items about the book's contacts and accounts go on (docs/signals.md, docs/books.md).
import { type Kysely, sql } from "kysely";
import { type Book, contactRowInBook, isWholeWorkspace } from "../books/index.ts";
import { erasedEmailHash, erasureKey } from "../contact-keys/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { Checked, RecordDeps } from "./signal-batch-types.ts";

/**
 * 2b. With a book that is not the whole workspace, only items about a contact or account of the book
 * go on. The others are refused as NOT_FOUND, as another workspace's would be (a book does not say
 * what is outside it), and so is an item that names nobody Baton knows yet: it would wait, and be
 * matched later to whoever is imported, inside the book or not. An account is the book's when one of
 * its contacts is.
 */
export async function keepInBook(
  tx: Kysely<DB>,
  clientId: string,
  book: Book,
  items: Checked[],
  refuse: (i: number, e: BatonError) => false,
): Promise<Checked[]> {
  if (isWholeWorkspace(book)) return items;
  const contactIds = [
    ...new Set(items.flatMap((c) => (c.subject === "contact" && c.contactId ? [c.contactId] : []))),
  ];
  const accountIds = [
    ...new Set(items.flatMap((c) => (c.subject === "account" && c.accountId ? [c.accountId] : []))),
  ];
  const inBook = new Set<string>();
  if (contactIds.length || accountIds.length) {
    const rows = await sql<{ id: string }>`
      select c.contact_id::text as id from contacts c
       where c.client_id = ${clientId} and c.contact_id = any(${contactIds}::uuid[])
         and ${contactRowInBook(book, clientId, "c")}
      union
      select distinct c.account_id::text from contacts c
       where c.client_id = ${clientId} and c.account_id = any(${accountIds}::uuid[])
         and c.erased_at is null and ${contactRowInBook(book, clientId, "c")}`.execute(tx);
    for (const r of rows.rows) inBook.add(r.id);
  }
  return items.filter((c) => {
    const id = c.subject === "contact" ? c.contactId : c.accountId;
    if (id && inBook.has(id)) return true;
    const entity = c.subject === "contact" ? "Contact" : "Account";
    return refuse(c.index, new BatonError("NOT_FOUND", { entity, id: id ?? c.email ?? c.domain ?? "" }));
  });
}

/**
 * 2. Each item's subject, in its tenant: contact and account ids checked, addresses matched to the
 * oldest live contact with the same dedupe key, domains to the oldest account with that domain.
 * Refuses (through `refuse`) the ids not found, and erased people; returns the items that go on.
 */
export async function resolveSubjects(
  tx: Kysely<DB>,
  clientId: string,
  items: Checked[],
  deps: RecordDeps,
  refuse: (i: number, e: BatonError) => false,
): Promise<Checked[]> {
  const uniq = <T>(xs: (T | null)[]) => [...new Set(xs.filter((x): x is T => x !== null))];
  const contactIds = uniq(items.map((c) => c.contactId));
  const emailKeys = uniq(items.map((c) => (c.contactId ? null : c.emailKey)));
  const accountIds = uniq(items.map((c) => c.accountId));
  const domains = uniq(items.map((c) => (c.accountId ? null : c.domain)));
  const contacts = contactIds.length
    ? (
        await sql<{ contact_id: string; account_id: string | null; erased_at: Date | null }>`
          select contact_id, account_id, erased_at from contacts
           where client_id = ${clientId} and contact_id = any(${contactIds}::uuid[])`.execute(tx)
      ).rows
    : [];
  const byId = new Map(contacts.map((c) => [c.contact_id, c]));
  const byKey = new Map<string, { contact_id: string; account_id: string | null }>();
  if (emailKeys.length) {
    const rows = await sql<{ contact_id: string; account_id: string | null; email_key: string }>`
      select contact_id, account_id, email_key from contacts
       where client_id = ${clientId} and email_key = any(${emailKeys}::text[]) and erased_at is null
       order by created_at, contact_id`.execute(tx);
    for (const r of rows.rows) if (!byKey.has(r.email_key)) byKey.set(r.email_key, r);
  }
  const hashes = new Map<string, string>();
  const unmatched = emailKeys.filter((k) => !byKey.has(k));
  if (unmatched.length && deps.secret === undefined)
    throw new Error("recordSignals: an address matched nobody and no secret was given to check erasures");
  const hashKey = erasureKey(deps.secret ?? "");
  for (const k of unmatched) hashes.set(erasedEmailHash(hashKey, k)!, k);
  const erased = new Set<string>();
  if (hashes.size) {
    const rows = await sql<{ value: string }>`
      select value from suppressions where client_id = ${clientId} and kind = 'email_hash'
         and value = any(${[...hashes.keys()]}::text[])`.execute(tx);
    for (const r of rows.rows) erased.add(hashes.get(r.value)!);
  }
  const accounts = accountIds.length
    ? new Set(
        (
          await sql<{ account_id: string }>`
            select account_id from accounts where client_id = ${clientId} and account_id = any(${accountIds}::uuid[])`.execute(
            tx,
          )
        ).rows.map((r) => r.account_id),
      )
    : new Set<string>();
  const byDomain = new Map<string, string>();
  if (domains.length) {
    const rows = await sql<{ account_id: string; domain: string }>`
      select account_id, lower(domain) as domain from accounts
       where client_id = ${clientId} and lower(domain) = any(${domains}::text[])
       order by created_at, account_id`.execute(tx);
    for (const r of rows.rows) if (!byDomain.has(r.domain)) byDomain.set(r.domain, r.account_id);
  }
  const ok: Checked[] = [];
  for (const c of items) {
    if (c.contactId) {
      const found = byId.get(c.contactId);
      if (!found) {
        refuse(c.index, new BatonError("NOT_FOUND", { entity: "contact", id: c.contactId }));
        continue;
      }
      if (found.erased_at) {
        refuse(c.index, new BatonError("CONTACT_ERASED", { contact_id: c.contactId }));
        continue;
      }
      c.accountId = c.accountId ?? found.account_id;
    } else if (c.emailKey) {
      if (erased.has(c.emailKey)) {
        refuse(c.index, new BatonError("CONTACT_ERASED", {}));
        continue;
      }
      const found = byKey.get(c.emailKey);
      c.contactId = found?.contact_id ?? null;
      c.accountId = c.accountId ?? found?.account_id ?? null;
    }
    if (c.input.accountId && !accounts.has(c.input.accountId)) {
      refuse(c.index, new BatonError("NOT_FOUND", { entity: "account", id: c.input.accountId }));
      continue;
    }
    if (!c.accountId && c.domain) c.accountId = byDomain.get(c.domain) ?? null;
    ok.push(c);
  }
  return ok;
}
