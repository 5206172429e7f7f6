// An active play is executed as a campaign (DESIGN.md "One model"): made once from its
// suggested_cadence, with campaigns.play_id set so the coordinator writes the play's lineage on
// every event. An existing campaign is reused as it is (RevOps may have tuned it).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { planCampaign, type SuggestedCadence } from "./play-cadence.ts";

export interface PlayForCampaign {
  client_id: string;
  play_id: string;
  name: string;
  suggested_cadence: SuggestedCadence;
}

export async function ensurePlayCampaign(
  db: Kysely<DB>,
  play: PlayForCampaign,
  now: Date,
): Promise<{ campaignId: string; status: string; created: boolean }> {
  const find = (k: Kysely<DB>) =>
    k
      .selectFrom("campaigns")
      .select(["id", "status"])
      .where("client_id", "=", play.client_id)
      .where("play_id", "=", play.play_id)
      .orderBy("created_at")
      .limit(1)
      .executeTakeFirst();
  const existing = await find(db);
  if (existing) return { campaignId: existing.id, status: existing.status, created: false };
  const plan = planCampaign(play.play_id, play.suggested_cadence);
  return db.transaction().execute(async (tx) => {
    const made = await tx
      .insertInto("campaigns")
      .values({
        client_id: play.client_id,
        slug: plan.slug,
        name: `Play: ${play.name}`.slice(0, 200),
        type: "play",
        owner_role: plan.owner_role,
        kind: plan.kind,
        on_exit: JSON.stringify({}),
        play_id: play.play_id,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(["client_id", "slug"]).doNothing())
      .returning(["id", "status"])
      .executeTakeFirst();
    if (!made) {
      // made concurrently by another run
      const again = await find(tx);
      if (!again) throw new Error(`campaign slug ${plan.slug} is taken by a campaign of another play`);
      return { campaignId: again.id, status: again.status, created: false };
    }
    if (plan.steps.length > 0) {
      await tx
        .insertInto("campaign_sequences")
        .values(plan.steps.map((s) => ({ client_id: play.client_id, campaign_id: made.id, ...s })))
        .execute();
    }
    return { campaignId: made.id, status: made.status, created: true };
  });
}
