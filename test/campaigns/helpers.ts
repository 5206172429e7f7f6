// Shared setup for the campaigns tests: contacts of the test's own tenant and the spec's campaigns.
import type { Kysely } from "kysely";
import type { Principal } from "../../src/auth/principal.ts";
import { createCampaign } from "../../src/campaigns/define-campaign.ts";
import { SPEC_CAMPAIGNS } from "../../src/campaigns/spec-campaigns.ts";
import type { DB } from "../../src/db/database.ts";

let n = 0;

/** A contact on a plain (T2, not ABM) account of the tenant. */
export async function newContact(db: Kysely<DB>, clientId: string, name = `Contact ${++n}`) {
  const account = await db
    .insertInto("accounts")
    .values({ client_id: clientId, name: `${name} Co`, domain: `${clientId}-${n}.test`, icp_tier: "T2" })
    .returning("account_id")
    .executeTakeFirstOrThrow();
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}.${++n}`;
  const c = await db
    .insertInto("contacts")
    .values({
      client_id: clientId,
      account_id: account.account_id,
      full_name: name,
      email: `${slug}@${clientId}.test`,
      time_zone: "UTC",
    })
    .returning(["contact_id", "email"])
    .executeTakeFirstOrThrow();
  return { contactId: c.contact_id, email: c.email! };
}

/** The spec's five campaigns, defined by a RevOps principal of the tenant. */
export async function defineSpecCampaigns(db: Kysely<DB>, revops: Principal, now: Date) {
  for (const def of SPEC_CAMPAIGNS) await createCampaign(db, revops, def, now);
}

export const step = (n: number, delay: number, extra: Record<string, unknown> = {}) => ({
  step_number: n,
  delay_days: delay,
  channel: "email",
  content_type: "follow_up",
  template_instructions: `step ${n}`,
  ...extra,
});

export const T0 = new Date("2026-03-02T14:00:00Z");
export const DAY = 86_400_000;

/** A two-step campaign (steps 1 and 2, three days apart) with this on_exit map. */
export const twoStepCampaign = (
  slug: string,
  kind: "nurture" | "sales",
  onExit: Record<string, unknown>,
) => ({
  slug,
  name: slug,
  type: "t",
  owner_role: "roles.sales",
  kind,
  on_exit: onExit,
  steps: [step(1, 0), step(2, 3)] as any,
});
