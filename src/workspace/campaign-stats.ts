// Enrollments per status for one campaign (campaign_contacts_campaign_idx), for the campaign page.
import { type Kysely, sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { isUuid } from "../db/is-uuid.ts";
import { BatonError } from "../errors/baton-error.ts";

export async function enrollmentCounts(
  db: Kysely<DB>,
  p: Principal,
  slugOrId: string,
): Promise<{ campaign_id: string; counts: Record<string, number> }> {
  const campaign = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", p.clientId)
    .where((eb) =>
      isUuid(slugOrId)
        ? eb.or([eb("slug", "=", slugOrId), eb("id", "=", slugOrId)])
        : eb("slug", "=", slugOrId),
    )
    .executeTakeFirst();
  if (!campaign) throw new BatonError("NOT_FOUND", { entity: "Campaign", id: slugOrId });
  const rows = await sql<{ status: string; n: string }>`
    select status, count(*) as n from campaign_contacts
    where client_id = ${p.clientId} and campaign_id = ${campaign.id}::uuid group by status`.execute(db);
  return {
    campaign_id: campaign.id,
    counts: Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)])),
  };
}
