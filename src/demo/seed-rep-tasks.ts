// Demo seeder (issue 60 item 4: "the demo gives the rep a day's tasks"): 30 prospects of the rep's,
// each enrolled (through enrollContact, so the coordinator's rules hold) in a spec campaign whose
// step 2 is a LinkedIn connection note, and that step already drafted and approved: an open
// linkedin_touch task, due earlier today, with the note to send. Each prospect is someone no other
// demo data touches, so completing every task passes the one-touch-a-day rule. Idempotent: a
// prospect already enrolled in its campaign is left as it is (npm start runs the seeders each time).
import { enrollContact } from "../campaigns/index.ts";
import { stepKey } from "../engine/index.ts";
import { isBatonError } from "../errors/baton-error.ts";
import { DEMO_ACCOUNTS } from "./seed-base.ts";
import type { Seeder } from "./seeder.ts";

export const DEMO_TASK_COUNT = 30;

const FIRST = [
  "Avery",
  "Blake",
  "Carmen",
  "Dev",
  "Elena",
  "Felix",
  "Gita",
  "Hugo",
  "Ines",
  "Jon",
  "Kira",
  "Leo",
];
const LAST = ["Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi"];
const TITLES = ["Head of eCommerce", "VP Marketing", "Partnerships Lead", "Growth Director"];

/** The demo's LinkedIn steps: the campaign, its LinkedIn step, and the note a rep sends. */
const NOTES: { campaign: string; note(first: string, company: string): string }[] = [
  {
    campaign: "b2bea_membership",
    note: (first, company) =>
      `Hi ${first}, I saw ${company}'s recent news and thought of the vendors in our membership who sell to the same buyers. Would you be open to connecting?`,
  },
  {
    campaign: "b2bea_world",
    note: (first, company) =>
      `Hi ${first}, the marketplace growth session at B2B eCommerce World looks close to what ${company} is doing this year. Happy to connect and send you the agenda.`,
  },
  {
    campaign: "dreamborn",
    note: (first) =>
      `Hi ${first}, I enjoy following how teams like yours run their online channel and would be glad to connect here.`,
  },
];
const LINKEDIN_STEP = 2;

/** The demo's task prospects: fixed ids, names and accounts (not the ABM-active one). */
export const DEMO_TASK_CONTACTS = Array.from({ length: DEMO_TASK_COUNT }, (_, i) => {
  const accounts = DEMO_ACCOUNTS.filter((a) => !a.abm_active);
  const account = accounts[i % accounts.length];
  const first = FIRST[i % FIRST.length];
  // every (first, last) pair once: the twelve first names, then the next last name
  const last = LAST[(i + Math.floor(i / FIRST.length)) % LAST.length];
  const handle = `${first}-${last}-${i + 1}`.toLowerCase();
  return {
    contact_id: `d0000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
    account_id: account.account_id,
    company: account.name,
    external_id: `demo-task-${i + 1}`,
    full_name: `${first} ${last}`,
    first,
    title: TITLES[i % TITLES.length],
    email: `${handle}@${account.domain}`,
    linkedin_url: `https://www.linkedin.com/in/${handle}`,
    campaign: NOTES[i % NOTES.length],
  };
});

export const seedRepTasks: Seeder = async ({ db, clientId, principals, now }) => {
  const rep = principals.rep;
  const enroller = principals.bdr;
  if (!rep || !enroller) return;
  for (const [i, c] of DEMO_TASK_CONTACTS.entries()) {
    await db
      .insertInto("contacts")
      .values({
        client_id: clientId,
        contact_id: c.contact_id,
        account_id: c.account_id,
        external_id: c.external_id,
        full_name: c.full_name,
        title: c.title,
        email: c.email,
        linkedin_url: c.linkedin_url,
        owner_principal_id: rep.principalId,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const campaign = await db
      .selectFrom("campaigns")
      .select("id")
      .where("client_id", "=", clientId)
      .where("slug", "=", c.campaign.campaign)
      .executeTakeFirst();
    if (!campaign) continue;
    const enrolled = await db
      .selectFrom("campaign_contacts")
      .select("id")
      .where("client_id", "=", clientId)
      .where("contact_id", "=", c.contact_id)
      .where("campaign_id", "=", campaign.id)
      .executeTakeFirst();
    if (enrolled) continue;
    let enrollmentId: string | null;
    try {
      enrollmentId = (
        await enrollContact(db, enroller, { campaign: c.campaign.campaign, contactId: c.contact_id }, now)
      ).enrollment_id;
    } catch (err) {
      // demo data must never stop the server from starting; a refusal is reported and skipped
      if (!isBatonError(err)) throw err;
      console.warn(`demo: task prospect ${i + 1} not enrolled: ${err.code}`);
      continue;
    }
    if (!enrollmentId) continue;
    // the LinkedIn step is the one at hand: due over the past hours, its note approved
    const dueAt = new Date(now.getTime() - (DEMO_TASK_COUNT - i) * 8 * 60_000);
    const next = await db
      .selectFrom("campaign_sequences")
      .select("delay_days")
      .where("client_id", "=", clientId)
      .where("campaign_id", "=", campaign.id)
      .where("step_number", "in", [LINKEDIN_STEP, LINKEDIN_STEP + 1])
      .orderBy("step_number")
      .execute();
    const gapDays = next.length === 2 ? next[1].delay_days - next[0].delay_days : 5;
    await db
      .updateTable("campaign_contacts")
      .set({
        current_step: LINKEDIN_STEP,
        next_send_at: new Date(now.getTime() + gapDays * 86_400_000),
        updated_at: now,
      })
      .where("client_id", "=", clientId)
      .where("id", "=", enrollmentId)
      .execute();
    const item = await db
      .insertInto("sales_send_queue")
      .values({
        client_id: clientId,
        contact_id: c.contact_id,
        campaign_id: campaign.id,
        enrollment_id: enrollmentId,
        step_number: LINKEDIN_STEP,
        channel: "linkedin",
        scheduled_at: dueAt,
        status: "approved",
        idempotency_key: stepKey(enrollmentId, LINKEDIN_STEP),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("engine_rep_tasks")
      .values({
        client_id: clientId,
        kind: "linkedin_touch",
        assignee_role: "rep",
        send_item_id: item.id,
        enrollment_id: enrollmentId,
        contact_id: c.contact_id,
        channel: "linkedin",
        to_id: c.linkedin_url,
        subject: null,
        body: c.campaign.note(c.first, c.company),
        due_at: dueAt,
      })
      .execute();
  }
};
