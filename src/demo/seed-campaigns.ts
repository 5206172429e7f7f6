// Demo seeder (npm start runs it every start, so it is idempotent): the spec's campaigns and a
// few enrollments made through enrollContact, plus one BDR meeting exit waiting at the exec gate.
import type { Kysely } from "kysely";
import type { StepInput } from "../campaigns/index.ts";
import { createCampaign, enrollContact, exitEnrollment, SPEC_CAMPAIGNS } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";
import { isBatonError } from "../errors/baton-error.ts";
import { DEMO_CONTACTS } from "./seed-base.ts";
import type { Seeder } from "./seeder.ts";

const DEMO_ENROLLMENTS = [
  { contact: 0, campaign: "b2bea_membership", by: "bdr", goal: null, notes: null, meeting: false },
  { contact: 2, campaign: "b2bea_world", by: "bdr", goal: null, notes: null, meeting: false },
  { contact: 4, campaign: "dreamborn", by: "bdr", goal: null, notes: null, meeting: false },
  {
    contact: 3,
    campaign: "b2bea_membership_close",
    by: "sales",
    goal: "awareness",
    notes: "Met at the vendor roundtable; wants visibility with retail buyers. Lead with the LinkedIn post.",
    meeting: false,
  },
  // a BDR meeting booked: exits with `meeting` and waits for the exec's routing decision
  { contact: 7, campaign: "b2bea_membership", by: "bdr", goal: "pipeline", notes: null, meeting: true },
] as const;

/**
 * A demo database made before steps had templates (0240) gets the demo team's words on the steps
 * still as defined (same instructions, no template yet); a step someone changed is left alone.
 */
async function fillWrittenSteps(db: Kysely<DB>, clientId: string, campaignId: string, steps: StepInput[]) {
  for (const st of steps) {
    if (!st.body_template) continue;
    await db
      .updateTable("campaign_sequences")
      .set({ subject_template: st.subject_template ?? null, body_template: st.body_template })
      .where("client_id", "=", clientId)
      .where("campaign_id", "=", campaignId)
      .where("step_number", "=", st.step_number)
      .where("template_instructions", "=", st.template_instructions)
      .where("subject_template", "is", null)
      .where("body_template", "is", null)
      .execute();
  }
}

export const seedCampaigns: Seeder = async ({ db, clientId, principals, now }) => {
  const revops = principals.revops;
  if (!revops) return;
  for (const def of SPEC_CAMPAIGNS) {
    const exists = await db
      .selectFrom("campaigns")
      .select("id")
      .where("client_id", "=", clientId)
      .where("slug", "=", def.slug)
      .executeTakeFirst();
    if (!exists) await createCampaign(db, revops, def, now);
    else await fillWrittenSteps(db, clientId, exists.id, def.steps);
  }
  for (const e of DEMO_ENROLLMENTS) {
    const contactId = DEMO_CONTACTS[e.contact].contact_id;
    const actor = principals[e.by];
    if (!actor) continue;
    const already = await db
      .selectFrom("campaign_contacts as cc")
      .innerJoin("campaigns as c", (j) =>
        j.onRef("c.id", "=", "cc.campaign_id").onRef("c.client_id", "=", "cc.client_id"),
      )
      .select("cc.id")
      .where("cc.client_id", "=", clientId)
      .where("cc.contact_id", "=", contactId)
      .where("c.slug", "=", e.campaign)
      .executeTakeFirst();
    if (already) continue;
    try {
      const input = { campaign: e.campaign, contactId, goal: e.goal, notes: e.notes };
      const r = await enrollContact(db, actor, input, now);
      if (e.meeting && r.enrollment_id) {
        const exit = { enrollmentId: r.enrollment_id, reason: "meeting", notes: "Meeting booked" };
        await exitEnrollment(db, actor, exit, now);
      }
    } catch (err) {
      // demo data must never stop the server from starting; a refusal is reported and skipped
      if (!isBatonError(err)) throw err;
      console.warn(`demo: ${e.campaign} enrollment skipped: ${err.code}`);
    }
  }
};
