// What the exec needs to decide a hand-off (issue 37 item 1): the reply that caused it (the one that
// opened it, issue 72; before that was kept, the last reply recorded on the enrollment the hand-off
// came from), the prospect's company, and the
// campaigns worth suggesting: the tenant's active sales-agent campaigns (spec 002: "roles.sales
// enrolls contact in specified campaign(s)") the contact is not already in, those named after the
// campaign it came from first (b2bea_membership → b2bea_membership_close).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

export interface HandoffReply {
  body: string;
  intent: string;
  received_at: string;
  channel: string;
}

export interface HandoffContext {
  company: string | null;
  reply: HandoffReply | null;
  suggested_campaigns: { slug: string; name: string }[];
}

/** The context of each hand-off, by id, in three statements for any number of hand-offs. */
export async function handoffContexts(
  db: Kysely<DB>,
  clientId: string,
  hs: { id: string; contact_id: string; from_enrollment_id: string; from_campaign: string }[],
): Promise<Map<string, HandoffContext>> {
  const out = new Map<string, HandoffContext>();
  if (hs.length === 0) return out;
  const contactIds = [...new Set(hs.map((h) => h.contact_id))];
  // the reply that opened the hand-off (issue 72: not the enrollment's latest, which may be an
  // earlier, decided one); a hand-off from before 0680, or one no reply opened, the latest reply
  const replies = await sql<{
    handoff_id: string;
    body: string;
    intent: string;
    received_at: Date;
    channel: string;
  }>`
    select h.id as handoff_id, r.body, r.intent, r.received_at, r.channel
      from campaign_handoffs h
      join lateral (
        select x.body, x.intent, x.received_at, x.channel from campaign_replies x
         where x.client_id = h.client_id
           and (case when h.reply_id is not null then x.id = h.reply_id
                     else x.enrollment_id = h.from_enrollment_id end)
         order by x.received_at desc, x.recorded_at desc limit 1) r on true
     where h.client_id = ${clientId} and h.id = any(${hs.map((h) => h.id)}::uuid[])`.execute(db);
  const replyOf = new Map(replies.rows.map((r) => [r.handoff_id, r]));
  const contacts = await sql<{ contact_id: string; company: string | null; live: string[] }>`
    select c.contact_id, a.name as company,
           coalesce((select array_agg(e.campaign_id::text) from campaign_contacts e
                      where e.client_id = c.client_id and e.contact_id = c.contact_id
                        and e.status in ('queued', 'active', 'paused')), '{}') as live
      from contacts c
      left join accounts a on a.client_id = c.client_id and a.account_id = c.account_id
     where c.client_id = ${clientId} and c.contact_id = any(${contactIds}::uuid[])`.execute(db);
  const contactOf = new Map(contacts.rows.map((r) => [r.contact_id, r]));
  const campaigns = await db
    .selectFrom("campaigns")
    .select(["id", "slug", "name"])
    .where("client_id", "=", clientId)
    .where("status", "=", "active")
    .where("owner_role", "=", "roles.sales")
    .orderBy("name")
    .execute();
  for (const h of hs) {
    const r = replyOf.get(h.id);
    const c = contactOf.get(h.contact_id);
    const live = new Set(c?.live ?? []);
    const related = (slug: string) => (slug.startsWith(`${h.from_campaign}_`) ? 0 : 1);
    out.set(h.id, {
      company: c?.company ?? null,
      reply: r
        ? {
            body: r.body,
            intent: r.intent,
            received_at: new Date(r.received_at).toISOString(),
            channel: r.channel,
          }
        : null,
      suggested_campaigns: campaigns
        .filter((x) => !live.has(x.id) && x.slug !== h.from_campaign)
        .sort((a, b) => related(a.slug) - related(b.slug))
        .map((x) => ({ slug: x.slug, name: x.name })),
    });
  }
  return out;
}
