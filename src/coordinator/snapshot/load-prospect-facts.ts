// Gate 1's prospect-data facts for a batch of (contact, campaign) pairs, in ONE statement. Callers
// run it after they locked the contacts: under READ COMMITTED every statement sees what committed
// before it started, so a suppression committed while this transaction waited for the contact
// lock is seen here (it would not be by the locking statement's own joins).
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../db/database.ts";
import { BatonError } from "../../errors/baton-error.ts";
import type { ProspectFacts } from "../gates/prospect-facts.ts";

export interface ProspectFactRow {
  contact_id: string;
  campaign_id: string | null;
  legal_basis: string;
  erased: boolean;
  required_legal_basis: string[] | null;
  s_kind: "email" | "domain" | null;
  s_source: string | null;
}

/** The statement of loadProspectFacts (gateStep embeds it in its one-statement snapshot). */
export function prospectFactsQuery(
  clientId: string,
  pairs: { contactId: string; campaignId: string | null }[],
): RawBuilder<ProspectFactRow> {
  return prospectFactsOf(
    clientId,
    sql`select * from unnest(${pairs.map((p) => p.contactId)}::uuid[], ${pairs.map((p) => p.campaignId)}::uuid[])
          as u(contact_id, campaign_id)`,
  );
}

/** The facts of the (contact_id, campaign_id) rows that `pairs` selects. */
export function prospectFactsOf(clientId: string, pairs: RawBuilder<unknown>): RawBuilder<ProspectFactRow> {
  return sql<ProspectFactRow>`
    select ${PROSPECT_FACT_COLUMNS}
      from (${pairs}) as x(contact_id, campaign_id)
      join contacts c on c.client_id = ${clientId} and c.contact_id = x.contact_id
      left join campaigns cp on cp.client_id = ${clientId} and cp.id = x.campaign_id
      left join lateral (${suppressionOf(clientId)}) s on true`;
}

/** ProspectFactRow's columns over the pair `x`, its contact `c`, campaign `cp` and suppression `s`. */
export const PROSPECT_FACT_COLUMNS = sql`x.contact_id, x.campaign_id, c.legal_basis, c.erased_at is not null as erased,
           cp.required_legal_basis, s.kind as s_kind, s.source as s_source`;

/** A suppression of the contact `c`'s address or domain (at most one: kind and source). */
export function suppressionOf(clientId: string): RawBuilder<{ kind: string; source: string }> {
  return sql`
        select s.kind, s.source from suppressions s
         where s.client_id = ${clientId}
           and ((s.kind = 'email' and s.value = c.email_key)
             or (s.kind = 'domain' and s.value = any(baton_domain_suffixes(c.email_domain))))
         limit 1`;
}

export function toProspectFacts(row: ProspectFactRow): ProspectFacts {
  return {
    suppression: row.s_kind ? { kind: row.s_kind, source: row.s_source ?? "" } : null,
    erased: row.erased,
    legalBasis: row.legal_basis,
    requiredLegalBasis: row.required_legal_basis,
  };
}

export async function loadProspectFacts(
  tx: Kysely<DB>,
  clientId: string,
  pairs: { contactId: string; campaignId: string | null }[],
): Promise<Map<string, ProspectFacts>> {
  const out = new Map<string, ProspectFacts>();
  if (pairs.length === 0) return out;
  const r = await prospectFactsQuery(clientId, pairs).execute(tx);
  for (const row of r.rows) out.set(factsKey(row.contact_id, row.campaign_id), toProspectFacts(row));
  return out;
}

export function factsKey(contactId: string, campaignId: string | null): string {
  return `${contactId}/${campaignId ?? ""}`;
}

/** The (contact, campaign) pairs of a batch's rows. */
export function prospectPairs(rows: { contact_id: string; campaign_id: string | null }[]) {
  return rows.map((r) => ({ contactId: r.contact_id, campaignId: r.campaign_id }));
}

/** Enrollment's clear refusal for an erased person (issue 15: CONTACT_ERASED), before the gates. */
export async function assertNotErased(tx: Kysely<DB>, clientId: string, contactId: string): Promise<void> {
  const r = await sql<{ erased_at: Date | null }>`
    select erased_at from contacts where client_id = ${clientId} and contact_id = ${contactId}::uuid`.execute(
    tx,
  );
  if (r.rows[0]?.erased_at) throw new BatonError("CONTACT_ERASED", { contact_id: contactId });
}
