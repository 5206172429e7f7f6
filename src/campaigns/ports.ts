// What the campaigns need from other modules: the coordinator (the only path to an activation, and
// opt-out propagation), the CRM outbox and the reply classifier. The real modules by default;
// tests and the simulation may replace any of them with setCampaignPorts (the classifier is
// pluggable, spec 002 / issue 4).
import type { Kysely } from "kysely";
import type { OptOut, RequestActivation } from "../coordinator/contract.ts";
import { optOut, requestActivation } from "../coordinator/index.ts";
import type { CrmWrite } from "../crm/crm-adapter.ts";
import { enqueueCrmWrite } from "../crm/enqueue-crm-write.ts";
import type { DB } from "../db/database.ts";
import type { ReplyClassifier } from "../replies/classifier.ts";
import { ruleClassifier } from "../replies/index.ts";

export type EnqueueCrmWrite = (
  tx: Kysely<DB>,
  clientId: string,
  write: CrmWrite,
  now?: Date,
) => Promise<unknown>;

export interface CampaignPorts {
  requestActivation: RequestActivation;
  optOut: OptOut;
  enqueueCrmWrite: EnqueueCrmWrite;
  classifier: ReplyClassifier;
}

const defaults: CampaignPorts = { requestActivation, optOut, enqueueCrmWrite, classifier: ruleClassifier };
let current: CampaignPorts = defaults;

/** Replace ports (tests, simulation). Pass {} to go back to the real modules. */
export function setCampaignPorts(p: Partial<CampaignPorts>): void {
  current = { ...defaults, ...p };
}

export async function campaignPorts(): Promise<CampaignPorts> {
  return current;
}

/** Enqueue a CRM write in the caller's transaction (the CRM outbox; due at `now`). */
export async function crmWrite(tx: Kysely<DB>, clientId: string, write: CrmWrite, now: Date): Promise<void> {
  await current.enqueueCrmWrite(tx, clientId, write, now);
}
