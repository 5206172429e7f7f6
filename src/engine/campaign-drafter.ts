// Which drafter writes a campaign's touches (engine_campaign_drafters): the template drafter unless
// set; 'agent' and 'llm' make the engine open a drafting task instead of drafting inline.
import type { Kysely } from "kysely";
import { type Principal, requireRole } from "../auth/principal.ts";
import { requireCampaign } from "../campaigns/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { DrafterName } from "./tables.ts";

export const DRAFTERS = ["template", "agent", "llm"] as const satisfies readonly DrafterName[];

/** The campaign's drafter; no row means the template drafter. */
export async function getCampaignDrafter(
  db: Kysely<DB>,
  clientId: string,
  campaignId: string,
): Promise<DrafterName> {
  const row = await db
    .selectFrom("engine_campaign_drafters")
    .select("drafter")
    .where("client_id", "=", clientId)
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
  return row?.drafter ?? "template";
}

/** The drafter of a campaign in the principal's tenant, by slug (CAMPAIGN_NOT_FOUND if none). */
export async function readCampaignDrafter(
  db: Kysely<DB>,
  principal: Principal,
  campaignSlug: string,
): Promise<{ campaign: string; drafter: DrafterName }> {
  const c = await requireCampaign(db, principal.clientId, campaignSlug);
  return { campaign: c.slug, drafter: await getCampaignDrafter(db, principal.clientId, c.id) };
}

/**
 * Sets which drafter writes the campaign's touches (revops or admin). Applies to send items created
 * from now on; items already drafted or waiting on a drafting task keep theirs.
 */
export async function setCampaignDrafter(
  db: Kysely<DB>,
  principal: Principal,
  input: { campaignSlug: string; drafter: DrafterName },
  now: Date,
): Promise<{ campaign: string; drafter: DrafterName }> {
  requireRole(principal, "set a campaign's drafter", "revops", "admin");
  // the HTTP schema checks this too; the CLI and other callers get the same refusal
  if (!(DRAFTERS as readonly string[]).includes(input.drafter)) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [{ path: "drafter", message: `must be one of ${DRAFTERS.join(", ")}` }],
    });
  }
  const c = await requireCampaign(db, principal.clientId, input.campaignSlug);
  await db
    .insertInto("engine_campaign_drafters")
    .values({ client_id: principal.clientId, campaign_id: c.id, drafter: input.drafter, updated_at: now })
    .onConflict((oc) =>
      oc.columns(["client_id", "campaign_id"]).doUpdateSet({ drafter: input.drafter, updated_at: now }),
    )
    .execute();
  return { campaign: c.slug, drafter: input.drafter };
}
