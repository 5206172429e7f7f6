// What an import's contact rows are planned against (issue 15 item 1; plan-contact-import.ts), looked
// up in bulk, lookupChunk keys per query, in slices (slice-work.ts): the live contacts by email key,
// CRM id and previous address, the suppressions, the erased addresses (by their hash) and the accounts.
import { type Kysely, sql } from "kysely";
import { accountKeys, erasureKey, hashEmailKey, normalizeEmail } from "../contact-keys/index.ts";
import type { DB } from "../db/database.ts";
import type { ImportLookups } from "./contact-plan.ts";
import type { ImportRequest, PreparedImport } from "./prepare-import.ts";
import { slicer } from "./slice-work.ts";

export async function loadLookups(
  db: Kysely<DB>,
  clientId: string,
  rows: PreparedImport["rows"],
  req: ImportRequest,
  secret: string,
  lookupChunk: number,
): Promise<ImportLookups> {
  const slice = slicer();
  const keySet = new Set<string>();
  const crmSet = new Set<string>();
  const previousSet = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const k = normalizeEmail(rows[i].get("email"));
    if (k) keySet.add(k);
    const p = req.mapping.previous_email ? normalizeEmail(rows[i].get("previous_email")) : null;
    if (p) previousSet.add(p);
    const c = rows[i].get("crm_id");
    if (c.length > 0) crmSet.add(c);
    if ((i & 1023) === 1023) await slice();
  }
  const keys = [...keySet];
  const crmIds = [...crmSet];
  const hashKey = erasureKey(secret);
  const hashToKey = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) {
    hashToKey.set(hashEmailKey(hashKey, keys[i]), keys[i]);
    if ((i & 255) === 255) await slice();
  }
  const out: ImportLookups = {
    existingByEmailKey: new Map(),
    existingByCrmId: new Map(),
    suppressedEmailKeys: new Set(),
    suppressedDomains: new Set(),
    erasedEmailKeys: new Set(),
    accountByKey: new Map(),
    accountDomains: new Map(),
    crmContacts: new Map(),
    existingByPreviousKey: new Map(),
  };
  for (let i = 0; i < keys.length; i += lookupChunk) {
    const part = keys.slice(i, i + lookupChunk);
    const existing = await sql<{ contact_id: string; email_key: string }>`
      select contact_id, email_key from contacts
       where client_id = ${clientId} and email_key = any(${part}::text[]) and erased_at is null
       order by created_at`.execute(db);
    for (const r of existing.rows)
      if (!out.existingByEmailKey.has(r.email_key)) out.existingByEmailKey.set(r.email_key, r.contact_id);
    const sup = await sql<{ value: string }>`
      select value from suppressions where client_id = ${clientId} and kind = 'email' and value = any(${part}::text[])`.execute(
      db,
    );
    for (const r of sup.rows) out.suppressedEmailKeys.add(r.value);
    await slice();
  }
  const hashes = [...hashToKey.keys()];
  for (let i = 0; i < hashes.length; i += lookupChunk) {
    const erased = await sql<{ value: string }>`
      select value from suppressions where client_id = ${clientId} and kind = 'email_hash'
         and value = any(${hashes.slice(i, i + lookupChunk)}::text[])`.execute(db);
    for (const r of erased.rows) out.erasedEmailKeys.add(hashToKey.get(r.value)!);
    await slice();
  }
  for (let i = 0; i < crmIds.length; i += lookupChunk) {
    const existing = await sql<{
      contact_id: string;
      external_id: string;
      email_key: string | null;
      account_domain: string | null;
    }>`
      select c.contact_id, c.external_id, c.email_key, lower(a.domain) as account_domain from contacts c
        left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
       where c.client_id = ${clientId} and c.external_id = any(${crmIds.slice(i, i + lookupChunk)}::text[])`.execute(
      db,
    );
    for (const r of existing.rows) {
      out.existingByCrmId.set(r.external_id, r.contact_id);
      out.crmContacts?.set(r.contact_id, { emailKey: r.email_key, accountDomain: r.account_domain });
    }
    await slice();
  }
  // the people the rows name by their previous address (the oldest live contact of the key, as the dedupe reads it)
  const previousKeys = [...previousSet];
  for (let i = 0; i < previousKeys.length; i += lookupChunk) {
    const existing = await sql<{ contact_id: string; email_key: string; account_domain: string | null }>`
      select c.contact_id, c.email_key, lower(a.domain) as account_domain from contacts c
        left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
       where c.client_id = ${clientId} and c.email_key = any(${previousKeys.slice(i, i + lookupChunk)}::text[])
         and c.erased_at is null
       order by c.created_at`.execute(db);
    for (const r of existing.rows) {
      if (out.existingByPreviousKey?.has(r.email_key)) continue;
      out.existingByPreviousKey?.set(r.email_key, r.contact_id);
      out.crmContacts?.set(r.contact_id, { emailKey: r.email_key, accountDomain: r.account_domain });
    }
    await slice();
  }
  const domains = await sql<{ value: string }>`
    select value from suppressions where client_id = ${clientId} and kind = 'domain'`.execute(db);
  for (const r of domains.rows) out.suppressedDomains.add(r.value);
  if (req.mapping.account) {
    const accounts = await sql<{ account_id: string; domain: string | null; name: string }>`
      select account_id, domain, name from accounts where client_id = ${clientId} order by created_at`.execute(
      db,
    );
    // the oldest account of a key wins
    for (const a of accounts.rows) {
      for (const k of accountKeys(a)) if (!out.accountByKey.has(k)) out.accountByKey.set(k, a.account_id);
      if (a.domain) out.accountDomains?.set(a.account_id, a.domain.toLowerCase());
    }
  }
  return out;
}
