// Demo seeder (issue 38): agents draft in the demo. The dreamborn campaign (BDR outreach, outside
// the living history's simulation) is drafted by external agents through drafting tasks, so an agent
// that connects after `npm start` finds work in list_drafting_tasks. Set once: a drafter RevOps
// chooses later (PUT /api/v1/campaigns/dreamborn/drafter) is kept on every later start.
import type { Seeder } from "./seeder.ts";

export const DEMO_AGENT_DRAFTED_CAMPAIGN = "dreamborn";

export const seedDrafters: Seeder = async ({ db, clientId }) => {
  const c = await db
    .selectFrom("campaigns")
    .select("id")
    .where("client_id", "=", clientId)
    .where("slug", "=", DEMO_AGENT_DRAFTED_CAMPAIGN)
    .executeTakeFirst();
  if (!c) return;
  await db
    .insertInto("engine_campaign_drafters")
    .values({ client_id: clientId, campaign_id: c.id, drafter: "agent" })
    .onConflict((oc) => oc.columns(["client_id", "campaign_id"]).doNothing())
    .execute();
};
