// Shared set-up of the signals tests: a company with its people in a tenant, and each contact's
// last signals as the spec's columns hold them.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../src/db/database.ts";

export interface Company {
  accountId: string;
  domain: string;
  /** contact ids, in the order of `people` */
  contacts: string[];
  emails: string[];
}

/** An account at `<slug>-<random>.example` with one contact per name. */
export async function addCompany(
  db: Kysely<DB>,
  clientId: string,
  slug: string,
  people: string[],
  tier: "T1" | "T2" | "T3" = "T2",
): Promise<Company> {
  const domain = `${slug}-${randomUUID().slice(0, 6)}.example`;
  const a = await db
    .insertInto("accounts")
    .values({ client_id: clientId, name: `${slug} Inc`, domain, icp_tier: tier })
    .returning("account_id")
    .executeTakeFirstOrThrow();
  const contacts: string[] = [];
  const emails: string[] = [];
  for (const name of people) {
    const email = `${name.toLowerCase()}@${domain}`;
    const c = await db
      .insertInto("contacts")
      .values({ client_id: clientId, account_id: a.account_id, full_name: name, email })
      .returning("contact_id")
      .executeTakeFirstOrThrow();
    contacts.push(c.contact_id);
    emails.push(email);
  }
  return { accountId: a.account_id, domain, contacts, emails };
}

export interface LastSignals {
  sales: string | null;
  salesAt: string | null;
  marketing: string | null;
  marketingAt: string | null;
}

export async function lastSignals(db: Kysely<DB>, clientId: string, contactId: string): Promise<LastSignals> {
  const r = await db
    .selectFrom("contacts")
    .select([
      "last_sales_signal",
      "last_sales_signal_at",
      "last_marketing_signal",
      "last_marketing_signal_at",
    ])
    .where("client_id", "=", clientId)
    .where("contact_id", "=", contactId)
    .executeTakeFirstOrThrow();
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    sales: r.last_sales_signal,
    salesAt: iso(r.last_sales_signal_at),
    marketing: r.last_marketing_signal,
    marketingAt: iso(r.last_marketing_signal_at),
  };
}

export async function signalCount(db: Kysely<DB>, clientId: string): Promise<number> {
  const r = await db
    .selectFrom("signals")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("client_id", "=", clientId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The engine's days after a job change: who was touched since `since`, and the suppressed addresses. */
export async function afterTheMove(db: Kysely<DB>, clientId: string, since: Date) {
  const touches = await db
    .selectFrom("cadence_event_log")
    .select("contact_id")
    .where("client_id", "=", clientId)
    .where("event_type", "=", "touch")
    .where("occurred_at", ">=", since)
    .execute();
  const suppressed = await db
    .selectFrom("suppressions")
    .select("value")
    .where("client_id", "=", clientId)
    .where("kind", "=", "email")
    .execute();
  return { touched: touches.map((x) => x.contact_id), suppressed: suppressed.map((x) => x.value) };
}

/** Each contact's enrollment (status and exit reason) in the tenant, by contact id. */
export async function enrollmentsByContact(db: Kysely<DB>, clientId: string) {
  const enrollments = await db
    .selectFrom("campaign_contacts")
    .select(["contact_id", "status", "exit_reason"])
    .where("client_id", "=", clientId)
    .execute();
  return (id: string) => enrollments.find((e) => e.contact_id === id);
}

/** The contacts whose change waits for a person (resolution needs_review), sorted. */
export async function contactsToReview(db: Kysely<DB>, clientId: string) {
  const rows = await db
    .selectFrom("cadence_event_log")
    .select("contact_id")
    .where("client_id", "=", clientId)
    .where("resolution", "=", "needs_review")
    .execute();
  return rows.map((r) => r.contact_id).sort();
}

/** The tenant's contacts of that name (a moved person is two: the old contact and the new). */
export async function contactsNamed(db: Kysely<DB>, clientId: string, name: string) {
  return db
    .selectFrom("contacts")
    .select("contact_id")
    .where("client_id", "=", clientId)
    .where("full_name", "=", name)
    .execute();
}
