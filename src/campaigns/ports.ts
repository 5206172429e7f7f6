// What the campaigns need from other modules: the coordinator (the only path to an activation, and
// opt-out propagation), the CRM outbox and the reply classifier. The real modules by default;
// tests and the simulation may replace any of them with setCampaignPorts (the classifier is
// pluggable, spec 002 / issue 4).
import type { Kysely } from "kysely";
import type { OptOut } from "../coordinator/contract.ts";
import { optOut, requestActivations } from "../coordinator/index.ts";
import type { CrmWrite } from "../crm/crm-adapter.ts";
import { enqueueCrmWrite, enqueueCrmWrites } from "../crm/enqueue-crm-write.ts";
import type { DB } from "../db/database.ts";
import type { ReplyClassifier } from "../replies/index.ts";
import { rulesAndModelClassifier } from "../replies/index.ts";

export type EnqueueCrmWrite = (
  tx: Kysely<DB>,
  clientId: string,
  write: CrmWrite,
  now?: Date,
) => Promise<unknown>;

export type EnqueueCrmWrites = (
  tx: Kysely<DB>,
  clientId: string,
  writes: CrmWrite[],
  now?: Date,
) => Promise<unknown>;

export interface CampaignPorts {
  /** The coordinator's activation gates for a list (one request is a list of one). */
  requestActivations: typeof requestActivations;
  optOut: OptOut;
  enqueueCrmWrite: EnqueueCrmWrite;
  enqueueCrmWrites: EnqueueCrmWrites;
  classifier: ReplyClassifier;
}

const defaults: CampaignPorts = {
  requestActivations,
  optOut,
  enqueueCrmWrite,
  enqueueCrmWrites,
  classifier: rulesAndModelClassifier,
};
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

/** Several CRM writes in the caller's transaction, in order (the CRM outbox; due at `now`). */
export async function crmWrites(
  tx: Kysely<DB>,
  clientId: string,
  writes: CrmWrite[],
  now: Date,
): Promise<void> {
  if (writes.length) await current.enqueueCrmWrites(tx, clientId, writes, now);
}
