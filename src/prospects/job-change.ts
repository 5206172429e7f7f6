// A job change (issue 69 item 3; Apollo's job-change alerts): the CRM (or an import) says a person
// now works at another company. Their live enrollments at the old account end with reason
// left_company (unsent touches and pending drafts cancelled, in the contact's lock order, as a
// suppression does), the old address goes on the suppression list (it no longer reaches them, and
// gate 1 refuses it for good, under this contact or a re-import), and the person is created at the
// new company with their new address. The new contact is proposed to the active plays that target
// them by the play execution's next run, through the coordinator like any other (match-targets.ts
// leaves out contacts already asked about, and the old one is suppressed).
import { type Kysely, sql } from "kysely";
import { accountCellDomain } from "../contact-keys/index.ts";
import type { DB } from "../db/database.ts";
import { appendEvents, NO_LINEAGE } from "../event-log/index.ts";
import { stopTouchesOf } from "./stop-touches.ts";
import { addSuppression } from "./suppress-address.ts";

export const LEFT_COMPANY = "left_company";

/** Mailbox providers' domains: an address there names no company, so it proves no move to one. */
const PERSONAL_MAIL = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.com",
  "gmx.de",
  "web.de",
  "yandex.ru",
  "mail.ru",
  "zoho.com",
  "fastmail.com",
]);

/** The new company's domain when a new address proves a move to it: at that domain, and no mailbox provider's. */
export function provenMoveDomain(
  domainCell: string | null | undefined,
  email: string | null | undefined,
): string | null {
  const domain = domainCell ? accountCellDomain(domainCell) : null;
  if (!domain || !email || PERSONAL_MAIL.has(domain)) return null;
  return accountCellDomain(email) === domain ? domain : null;
}

export interface JobChange {
  /** the new company's domain (or a URL or address at it) */
  domain: string;
  company?: string | null;
  /** the person's address at the new company */
  email?: string | null;
  /** crm:hubspot, import, … */
  source: string;
}

export interface Moved {
  from_contact_id: string;
  to_contact_id: string;
  to_account_id: string;
  enrollments_ended: number;
}

/** Moves a person to another company, in the caller's transaction; null when the domain is their company's already. */
export async function moveToCompany(
  tx: Kysely<DB>,
  clientId: string,
  contactId: string,
  to: JobChange,
  now: Date,
): Promise<Moved | null> {
  const domain = accountCellDomain(to.domain);
  if (!domain) return null;
  const old = await sql<{
    contact_id: string;
    account_id: string | null;
    full_name: string;
    email: string | null;
    owner_principal_id: string | null;
    old_domain: string | null;
  }>`
    select c.contact_id, c.account_id, c.full_name, c.email, c.owner_principal_id, lower(a.domain) as old_domain
      from contacts c
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where c.client_id = ${clientId} and c.contact_id = ${contactId} and c.erased_at is null`.execute(tx);
  const person = old.rows[0];
  if (!person || person.old_domain === domain) return null;
  const existing = await sql<{ account_id: string; moved: boolean }>`
    select a.account_id,
           exists (select 1 from cadence_event_log e
                    where e.client_id = ${clientId} and e.account_id = a.account_id and e.event_type = 'job_change'
                      and e.details->>'from_contact_id' = ${contactId}) as moved
      from accounts a where a.client_id = ${clientId} and lower(a.domain) = ${domain}
     order by a.created_at, a.account_id limit 1`.execute(tx);
  // the same change read again (a poll's inclusive cursor) moves nobody twice
  if (existing.rows[0]?.moved) return null;
  // 1. the old enrollments end: left_company, nothing unsent goes out
  const stopped = await stopTouchesOf(
    tx,
    clientId,
    sql`c.contact_id = ${contactId}`,
    { suppressionId: null, kind: LEFT_COMPANY, source: to.source, actor: null },
    now,
    { eventType: LEFT_COMPANY, resolution: LEFT_COMPANY, exit: { reason: LEFT_COMPANY, status: "exited" } },
  );
  // 2. the old address never again
  if (person.email)
    await addSuppression(
      tx,
      {
        clientId,
        kind: "email",
        value: person.email,
        reason: `left the company (${to.source})`,
        source: "manual",
      },
      now,
    );
  // 3. the person at the new company
  const accountId =
    existing.rows[0]?.account_id ??
    (
      await tx
        .insertInto("accounts")
        .values({ client_id: clientId, name: (to.company ?? domain).slice(0, 200), domain })
        .returning("account_id")
        .executeTakeFirstOrThrow()
    ).account_id;
  const created = await tx
    .insertInto("contacts")
    .values({
      client_id: clientId,
      account_id: accountId,
      full_name: person.full_name,
      email: to.email ?? null,
      owner_principal_id: person.owner_principal_id,
    })
    .returning("contact_id")
    .executeTakeFirstOrThrow();
  await appendEvents(tx, [
    {
      client_id: clientId,
      occurred_at: now,
      contact_id: created.contact_id,
      account_id: accountId,
      event_type: "job_change",
      resolution: "joined_company",
      lineage: NO_LINEAGE,
      details: {
        from_contact_id: contactId,
        from_account_id: person.account_id,
        source: to.source,
        enrollments_ended: stopped.enrollmentsEnded,
      },
    },
  ]);
  return {
    from_contact_id: contactId,
    to_contact_id: created.contact_id,
    to_account_id: accountId,
    enrollments_ended: stopped.enrollmentsEnded,
  };
}
