// What the campaigns need from other modules: the coordinator (the only path to an activation and
// the opt-out propagation), the CRM outbox and the reply classifier. Resolved once from the real
// modules; tests and the simulation may replace any of them with setCampaignPorts.
import type { Kysely } from "kysely";
import type { OptOut, RequestActivation } from "../coordinator/contract.ts";
import { optOut, requestActivation } from "../coordinator/index.ts";
import type { CrmWrite } from "../crm/crm-adapter.ts";
import { enqueueCrmWrite } from "../crm/enqueue-crm-write.ts";
import type { DB } from "../db/database.ts";
import type { ReplyClassifier } from "../replies/classifier.ts";

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

let overrides: Partial<CampaignPorts> = {};
let resolved: CampaignPorts | null = null;

/** Replace ports (tests, simulation). Pass {} to go back to the real modules. */
export function setCampaignPorts(p: Partial<CampaignPorts>): void {
  overrides = { ...p };
  resolved = null;
}

async function load(paths: string[], name: string): Promise<any> {
  for (const p of paths) {
    try {
      const m = await import(/* @vite-ignore */ p);
      if (m[name]) return m[name];
    } catch {
      // not there yet: try the next path
    }
  }
  return undefined;
}

function missing(name: string): any {
  return () => {
    throw new Error(`campaigns: ${name} is not available yet (the module that owns it has not landed)`);
  };
}

export async function campaignPorts(): Promise<CampaignPorts> {
  if (resolved) return resolved;
  const classifier =
    overrides.classifier ??
    (await load(["../replies/index.ts", "../replies/rule-classifier.ts"], "ruleClassifier"));
  resolved = {
    requestActivation: overrides.requestActivation ?? requestActivation,
    optOut: overrides.optOut ?? optOut,
    enqueueCrmWrite: overrides.enqueueCrmWrite ?? enqueueCrmWrite,
    classifier: classifier ?? { name: "unavailable", classify: missing("ruleClassifier") },
  };
  return resolved;
}

/** Enqueue a CRM write in the caller's transaction (the CRM outbox; due at `now`). */
export async function crmWrite(tx: Kysely<DB>, clientId: string, write: CrmWrite, now: Date): Promise<void> {
  const ports = await campaignPorts();
  await ports.enqueueCrmWrite(tx, clientId, write, now);
}
