// An active play is executed as a campaign (DESIGN.md "One model"): made once from its
// suggested_cadence, with campaigns.play_id set so the coordinator writes the play's lineage on
// every event. Each step is written (play-step-templates.ts, issue 60 item 3), so its drafts come
// out ready. An existing campaign is reused as it is (RevOps may have tuned it), except that a step
// still as planned and with no template yet (a campaign made before steps were written) gets its
// template, as the demo's spec campaigns do (src/demo/seed-campaigns.ts fillWrittenSteps).
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { type CampaignPlan, planCampaign, type SuggestedCadence } from "./play-cadence.ts";
import { playStepTemplates } from "./play-step-templates.ts";

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
  const plan = planCampaign(play.play_id, play.suggested_cadence);
  const existing = await find(db);
  if (existing) {
    await writeUnwrittenSteps(db, play.client_id, existing.id, plan);
    return { campaignId: existing.id, status: existing.status, created: false };
  }
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
        .values(
          plan.steps.map((s) => ({
            client_id: play.client_id,
            campaign_id: made.id,
            ...s,
            ...playStepTemplates(s),
          })),
        )
        .execute();
    }
    return { campaignId: made.id, status: made.status, created: true };
  });
}

/** Steps still as the play planned them and never written get their templates; others are left alone. */
async function writeUnwrittenSteps(db: Kysely<DB>, clientId: string, campaignId: string, plan: CampaignPlan) {
  for (const s of plan.steps) {
    await db
      .updateTable("campaign_sequences")
      .set(playStepTemplates(s))
      .where("client_id", "=", clientId)
      .where("campaign_id", "=", campaignId)
      .where("step_number", "=", s.step_number)
      .where("channel", "=", s.channel)
      .where("content_type", "=", s.content_type)
      .where("template_instructions", "=", s.template_instructions)
      .where("subject_template", "is", null)
      .where("body_template", "is", null)
      .execute();
  }
}
