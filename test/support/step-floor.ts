// The step's floor (docs/performance-journal.md 0m), shared by `npm run bench:step-floor` and the test that
// holds it to the engine (test/engine/step-floor.test.ts): a tenant with the engine bench's one-step
// nurture campaign, `slots` exited enrollments and the slots' map, and the floor script
// (bench/support/step-floor.sql) as statements a Kysely connection can run one batch at a time.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import { createPrincipal, ensureClient } from "../../src/auth/create-principal.ts";
import { createCampaign } from "../../src/campaigns/index.ts";
import { seedSenderIdentity } from "../../src/channels/sender-identity.ts";
import type { DB } from "../../src/db/database.ts";

export const STEP_FLOOR_SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../bench/support/step-floor.sql",
);
/** The floor before issue 39 items 1 and 3: a lease to claim, a second gate at send, a finish pass. */
export const STEP_FLOOR_TWO_PHASE_SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../bench/support/step-floor-two-phase.sql",
);
/** The lean step's floor (issue 39 items 1-3): the same step, nine rows, nothing written twice. */
export const STEP_FLOOR_LEAN_SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../bench/support/step-floor-lean.sql",
);
export const FLOOR_CLIENT = "floor";

/**
 * The engine bench's tenant and campaign (bench/engine.ts, and the floor's): one auto-sent email
 * step, then the sequence ends. Returns the campaign's id.
 */
export async function createBenchCampaign(db: Kysely<DB>, clientId: string, name: string): Promise<string> {
  await ensureClient(db, clientId, name);
  await seedSenderIdentity(db, clientId, {
    company_name: name,
    postal_address: "1 Bench Street, Benchville 12345, US",
  });
  const revops = await createPrincipal(db, {
    clientId,
    displayName: "revops",
    email: "r@bench.test",
    roles: ["revops"],
  });
  const campaign = await createCampaign(
    db,
    revops,
    {
      slug: "bench_nurture",
      name: "Bench nurture",
      type: "nurture",
      owner_role: "roles.marketing",
      kind: "nurture",
      approval_policy: "auto_send",
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "follow_up",
          template_instructions: "Hi.",
        },
      ],
    },
    new Date(),
  );
  return campaign.id;
}

/** The floor's tenant (FLOOR_CLIENT, which the script names) and the bench's campaign. */
export const createFloorCampaign = (db: Kysely<DB>): Promise<string> =>
  createBenchCampaign(db, FLOOR_CLIENT, "Step floor bench");

/**
 * `slots` contacts, each with an enrollment in the campaign left exited (each floor batch makes its
 * steps due again, as bench:engine releases them), and floor_slots, the bench's own map of slots to
 * rows (read, never written, by the script). Contacts are named `fl-<n>`.
 */
export async function seedFloorSlots(db: Kysely<DB>, campaignId: string, slots: number): Promise<void> {
  await sql`insert into contacts (client_id, full_name, email)
            select ${FLOOR_CLIENT}, 'fl-' || g, 'fl-' || g || '@bench.test' from generate_series(1, ${slots}) g`.execute(
    db,
  );
  await sql`insert into campaign_contacts (client_id, contact_id, campaign_id, status, current_step, next_send_at,
              enrolled_at, exited_at, exit_reason, sequence_type)
            select client_id, contact_id, ${campaignId}, 'timed_out', 1, null, now(), now(), 'no_engagement', 'nurture'
              from contacts where client_id = ${FLOOR_CLIENT} and full_name like 'fl-%'`.execute(db);
  await sql`create table floor_slots (slot int primary key, enrollment_id uuid not null, contact_id uuid not null,
              campaign_id uuid not null, email text not null, name text not null)`.execute(db);
  await sql`insert into floor_slots
            select row_number() over (order by e.id) - 1, e.id, e.contact_id, e.campaign_id, c.email, c.full_name
              from campaign_contacts e join contacts c using (client_id, contact_id)
             where e.client_id = ${FLOOR_CLIENT} and c.full_name like 'fl-%'`.execute(db);
}

/**
 * The script's statements for one batch, as a Kysely connection runs them: its \set lines are
 * computed by the caller, its `\if :split` blocks (the engine's commits) kept when `split`, and each
 * statement takes $1 = the first slot, $2 = the slot after the last, $3 = the batch's random text.
 */
export function stepFloorStatements(split: boolean, script = STEP_FLOOR_SCRIPT): string[] {
  let keep = true;
  let text = "";
  for (const line of fs.readFileSync(script, "utf8").split("\n")) {
    if (line.startsWith("\\if")) keep = split;
    else if (line.startsWith("\\endif")) keep = true;
    else if (keep && !line.startsWith("\\") && !line.startsWith("--")) text += `${line}\n`;
  }
  return text
    .split(/;\s*\n/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => t.replaceAll(":s", "$1").replaceAll(":e", "$2").replaceAll(":r", "$3"));
}

/**
 * Prepares the script's statements on `db` (one connection: PGlite, or a pool of one) and returns a
 * function that runs one batch: slots [first, first + batch), ids from `random`.
 */
export async function prepareStepFloor(
  db: Kysely<DB>,
  split: boolean,
  script = STEP_FLOOR_SCRIPT,
): Promise<(first: number, batch: number, random: string) => Promise<void>> {
  const statements = stepFloorStatements(split, script);
  const tag = path.basename(script, ".sql").replaceAll("-", "_");
  const names = statements.map((t, i) => (/^(begin|commit|end)$/i.test(t) ? null : `baton_${tag}_${i}`));
  for (const [i, t] of statements.entries())
    if (names[i]) await sql.raw(`prepare ${names[i]} (int, int, text) as ${t}`).execute(db);
  return async (first, batch, random) => {
    if (!/^\d+$/.test(random)) throw new Error("the floor's random text is digits");
    for (const [i, t] of statements.entries())
      await sql
        .raw(names[i] ? `execute ${names[i]}(${first}, ${first + batch}, '${random}')` : t)
        .execute(db);
  };
}
