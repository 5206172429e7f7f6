// Signals that matched nobody wait with the email or domain they came with (issue 69 item 1); an
// import of contacts or accounts matches them (src/prospects/import-contacts.ts and
// import-accounts.ts call this after their writes): a waiting person's signal whose address is now
// a contact's (the oldest live one with that dedupe key), a waiting account's signal whose domain is
// now an account's. The contacts they reach then move their last signals forward, as at ingestion;
// so do the new contacts of accounts whose signals reach all their contacts.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";
import { applySignalsToContacts, type Reach } from "./apply-to-contacts.ts";
import type { SignalSide } from "./tables.ts";

export interface MatchResult {
  /** waiting signals matched to a contact or an account */
  matched: number;
  contacts_changed: string[];
}

interface Hit {
  subject: "contact" | "account";
  contact_id: string | null;
  account_id: string | null;
  type: string;
  side: SignalSide;
  account_reach: string;
  occurred_at: Date;
}

export async function matchWaitingSignals(
  db: Kysely<DB>,
  clientId: string,
  /** contacts just created: they take the latest signals of their account that reach all contacts */
  newContactIds: readonly string[],
  now: Date,
): Promise<MatchResult> {
  const run = async (tx: Kysely<DB>): Promise<MatchResult> => {
    const byEmail = await sql<Hit>`
      with w as (
        select distinct email_key from signals
         where client_id = ${clientId} and subject = 'contact' and contact_id is null and email_key is not null),
      m as (
        select distinct on (c.email_key) c.email_key, c.contact_id, c.account_id from contacts c
          join w on w.email_key = c.email_key
         where c.client_id = ${clientId} and c.erased_at is null
         order by c.email_key, c.created_at, c.contact_id)
      update signals s set contact_id = m.contact_id, account_id = coalesce(s.account_id, m.account_id),
             resolved_at = ${now}
        from m, signal_types t
       where s.client_id = ${clientId} and s.subject = 'contact' and s.contact_id is null
         and s.email_key = m.email_key and t.client_id = ${clientId} and t.name = s.type
      returning s.subject, s.contact_id, s.account_id, s.type, t.side, t.account_reach, s.occurred_at`.execute(
      tx,
    );
    const byDomain = await sql<Hit>`
      with w as (
        select distinct domain from signals
         where client_id = ${clientId} and account_id is null and domain is not null),
      m as (
        select distinct on (lower(a.domain)) lower(a.domain) as domain, a.account_id from accounts a
          join w on w.domain = lower(a.domain)
         where a.client_id = ${clientId}
         order by lower(a.domain), a.created_at, a.account_id)
      update signals s set account_id = m.account_id,
             resolved_at = case when s.subject = 'account' then ${now}::timestamptz else s.resolved_at end
        from m, signal_types t
       where s.client_id = ${clientId} and s.account_id is null and s.domain = m.domain
         and t.client_id = ${clientId} and t.name = s.type
      returning s.subject, s.contact_id, s.account_id, s.type, t.side, t.account_reach, s.occurred_at`.execute(
      tx,
    );
    const reach: Reach[] = [];
    for (const h of byEmail.rows)
      if (h.contact_id)
        reach.push({ contactId: h.contact_id, side: h.side, type: h.type, at: new Date(h.occurred_at) });
    for (const h of byDomain.rows)
      if (h.subject === "account" && h.account_id && h.account_reach === "all_contacts")
        reach.push({ accountId: h.account_id, side: h.side, type: h.type, at: new Date(h.occurred_at) });
    // (an import of many people into a workspace whose accounts have no such signal reads nothing more)
    const reaching =
      newContactIds.length > 0 &&
      (
        await sql`select 1 from signals s join signal_types t on t.client_id = ${clientId} and t.name = s.type
                   where s.client_id = ${clientId} and s.subject = 'account' and s.account_id is not null
                     and t.account_reach = 'all_contacts' limit 1`.execute(tx)
      ).rows.length > 0;
    if (reaching) {
      // per new contact and side, the freshest signal of its account that reaches all its contacts
      const inherited = await sql<{ contact_id: string; type: string; side: SignalSide; occurred_at: Date }>`
        select distinct on (c.contact_id, t.side) c.contact_id, s.type, t.side, s.occurred_at
          from contacts c
          join signals s on s.client_id = ${clientId} and s.account_id = c.account_id and s.subject = 'account'
          join signal_types t on t.client_id = ${clientId} and t.name = s.type and t.account_reach = 'all_contacts'
         where c.client_id = ${clientId} and c.contact_id = any(${[...newContactIds]}::uuid[]) and c.erased_at is null
         order by c.contact_id, t.side, s.occurred_at desc, s.type`.execute(tx);
      for (const h of inherited.rows)
        reach.push({ contactId: h.contact_id, side: h.side, type: h.type, at: new Date(h.occurred_at) });
    }
    const changed = await applySignalsToContacts(tx, clientId, reach, now);
    return { matched: byEmail.rows.length + byDomain.rows.length, contacts_changed: changed };
  };
  if (db.isTransaction) return run(db);
  return db.transaction().execute(run);
}
