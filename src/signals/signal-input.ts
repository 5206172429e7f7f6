// The wire form of a signal (the API's, the MCP tool's, the CLI's JSON: snake_case) as the domain
// takes it (record-signals.ts).
import type { SignalInput } from "./signal-batch-types.ts";

export interface SignalWire {
  type: string;
  contact_id?: string;
  email?: string;
  account_id?: string;
  domain?: string;
  occurred_at: string;
  source?: string;
  external_id?: string;
  attributes?: Record<string, unknown>;
  evidence_url?: string;
}

export function signalInputOf(w: SignalWire, defaultSource: string): SignalInput {
  return {
    type: w.type,
    contactId: w.contact_id,
    email: w.email,
    accountId: w.account_id,
    domain: w.domain,
    occurredAt: new Date(w.occurred_at),
    source: w.source ?? defaultSource,
    externalId: w.external_id,
    attributes: w.attributes,
    evidenceUrl: w.evidence_url,
  };
}
