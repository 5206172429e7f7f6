// A sales campaign whose touches are drafted by agents, and a contact: what a sales agent needs to
// request an enrollment and then find a drafting task. Built with the domain functions.
import { createCampaign } from "../../src/campaigns/index.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { defaultEngineDeps } from "../../src/engine/default-engine-deps.ts";
import { runEngineOnce } from "../../src/engine/run-engine.ts";
import type { Tenant } from "../support/tenant.ts";

export const SALES_CAMPAIGN = "mcp_agent_drafted";

export async function agentDraftedCampaign(database: Database, t: Tenant, now: Date): Promise<string> {
  const c = await createCampaign(
    database.db,
    t.revops,
    {
      slug: SALES_CAMPAIGN,
      name: "Agent-drafted outbound",
      type: "platform",
      owner_role: "roles.sales",
      kind: "sales",
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "follow_up",
          template_instructions: "Open with the pricing-page visit.",
        },
      ],
    } as any,
    now,
  );
  // agents draft this campaign's touches (drafting tasks instead of the template drafter)
  await database.db
    .insertInto("engine_campaign_drafters")
    .values({ client_id: t.clientId, campaign_id: (c as any).id, drafter: "agent" })
    .execute();
  return (c as any).id;
}

export async function addContact(database: Database, t: Tenant, name: string): Promise<string> {
  const slug = name.toLowerCase().replace(/[^a-z]+/g, ".");
  const r = await database.db
    .insertInto("contacts")
    .values({ client_id: t.clientId, full_name: name, email: `${slug}@example.test` })
    .returning("contact_id")
    .executeTakeFirstOrThrow();
  return r.contact_id;
}

/** One pass of the real engine: due enrollments get their step executed (a drafting task here). */
export async function runEngine(database: Database, now: Date): Promise<void> {
  const deps = await defaultEngineDeps(database, {
    ...loadConfig({}),
    demo: false,
    smtp: undefined,
    llm: undefined,
  });
  const errors: unknown[] = [];
  await runEngineOnce(deps, now, { workerId: "mcp-test", batch: 20, onError: (e) => errors.push(e) });
  if (errors.length) throw errors[0];
}
