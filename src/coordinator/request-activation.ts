// spec 001: every sequence activation request runs gates 1-5 (contract.ts RequestActivation).
// One request is the list of one (request-activations.ts): lock the contact, read the snapshot,
// decide, write the enrollment and one event row.
import type { Kysely } from "kysely";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import type { RequestActivation } from "./contract.ts";
import { loadCampaigns } from "./load-campaigns.ts";
import { requestActivations } from "./request-activations.ts";

/** The campaign with its lineage (campaign.play_id → plays.originating_proposal_id) and first step. */
export async function loadCampaign(tx: Kysely<DB>, clientId: string, campaignId: string) {
  const c = (await loadCampaigns(tx, clientId, [campaignId])).get(campaignId);
  if (!c) throw new BatonError("NOT_FOUND", { entity: "campaign", id: campaignId });
  return c;
}

export const requestActivation: RequestActivation = async (tx, req, now) => {
  const [r] = await requestActivations(tx, [req], now);
  if ("error" in r) throw r.error;
  return r;
};
