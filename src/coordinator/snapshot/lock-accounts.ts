// The account cap (issue 61 item 5) counts the touches to several contacts, and their own locks do
// not serialize each other: two transactions each holding one contact of an account would both
// count the account's touches before either commits its own, and both let a touch go at the cap.
// So a deciding transaction also locks the accounts of its contacts that have a cap (their own or
// their segment's), after the contacts and before it reads what it counts. Lock order everywhere:
// contacts (by contact_id), then their capped accounts (by account_id), then enrollments, then send
// items. FOR NO KEY UPDATE: it does not wait for (or block) the inserts of contacts of that account,
// whose foreign key takes FOR KEY SHARE. An account with no cap is never locked, so tenants without
// account caps take no new lock.
import { type CompiledQuery, type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { preparedTemplate } from "./prepared.ts";
import { tenantHasAccountCaps } from "./send-window-facts.ts";

/** The capped accounts of these contacts, locked in account_id order (an InitPlan finds the accounts). */
function lockStatement(
  clientId: string,
  accountIds: RawBuilder<unknown>,
  gate?: RawBuilder<boolean>,
): RawBuilder<{ account_id: string }> {
  return sql<{ account_id: string }>`
    select a.account_id from accounts a
      left join segments s on s.client_id = a.client_id and s.segment = a.segment
     where a.client_id = ${clientId} and a.account_id = any (array(${accountIds}))
       and coalesce(a.weekly_touch_cap, s.account_weekly_touch_cap) is not null ${gate ? sql`and ${gate}` : sql``}
     order by a.account_id for no key update of a`;
}

/**
 * The statement locking the capped accounts of a batch's contacts (their locks already held). Behind
 * a one-time filter, tenantHasAccountCaps: a tenant without account caps reads none of its
 * contacts' accounts here (issue 68 item 1; it had read every contact of the batch again).
 */
export function lockCappedAccountsStatement(
  clientId: string,
  contactIds: readonly string[],
): RawBuilder<{ account_id: string }> {
  return lockStatement(
    clientId,
    sql`select c.account_id from contacts c
         where c.client_id = ${clientId} and c.contact_id = any(${[...contactIds]}::uuid[])
           and c.account_id is not null`,
    tenantHasAccountCaps(clientId),
  );
}

/** Locks the capped accounts of these contacts; returns their ids. */
export async function lockCappedAccounts(
  tx: Kysely<DB>,
  clientId: string,
  contactIds: readonly string[],
): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const r = await lockCappedAccountsStatement(clientId, contactIds).execute(tx);
  return r.rows.map((x) => x.account_id);
}

const lockOfEnrollment = preparedTemplate("lock_account_of", (db, p: { clientId: string; id: string }) =>
  lockStatement(
    p.clientId,
    sql`select c.account_id from contacts c
           where c.client_id = ${p.clientId} and c.account_id is not null
             and c.contact_id = (select contact_id from campaign_contacts
                                  where client_id = ${p.clientId} and id = ${p.id}::uuid)`,
  ).compile(db),
);

/** The lock of an enrollment's contact's capped account (gateStep sends it behind the contact's lock). */
export function lockAccountOfQuery(
  tx: Kysely<DB>,
  clientId: string,
  enrollmentId: string,
): CompiledQuery<{ account_id: string }> {
  return lockOfEnrollment(tx, { clientId, id: enrollmentId });
}
