// The shapes of a batch of signals being recorded (issue 69 items 1 and 2, record-signals.ts): an
// item as any door hands it in, each item's outcome and the batch's result, and an item once checked
// as it goes through the steps (resolve-signal-subjects.ts matches its subject).
import type { SignalType } from "./signal-types.ts";
import type { SignalSubject } from "./tables.ts";

export interface SignalInput {
  type: string;
  contactId?: string;
  email?: string;
  accountId?: string;
  /** a domain, a URL or an address at it */
  domain?: string;
  occurredAt: Date;
  /** where it came from: api, mcp, cli, a webhook source's name, a CRM's name */
  source: string;
  /** the source's own id of the event; with source, the dedup key. Absent: derived from the item. */
  externalId?: string;
  attributes?: Record<string, unknown>;
  evidenceUrl?: string;
}

export type SignalStatus = "recorded" | "duplicate" | "refused";
export type SignalResolution = "contact" | "account" | "waiting";

export interface SignalOutcome {
  index: number;
  status: SignalStatus;
  signal_id: string | null;
  external_id: string | null;
  /** contact / account: matched; waiting: kept with its email or domain until an import matches it */
  resolved: SignalResolution | null;
  contact_id: string | null;
  account_id: string | null;
  error?: { code: string; message: string; next_action: string };
}

export interface RecordResult {
  received: number;
  recorded: number;
  duplicates: number;
  refused: number;
  waiting: number;
  /** the contacts whose last sales or marketing signal moved */
  contacts_changed: string[];
  results: SignalOutcome[];
}

export interface RecordDeps {
  /** BATON_SECRET: the erased addresses' keyed hashes are compared (needed when an item names a person by address) */
  secret?: string;
}

export interface Checked {
  index: number;
  input: SignalInput;
  type: SignalType;
  subject: SignalSubject;
  email: string | null;
  emailKey: string | null;
  domain: string | null;
  externalId: string;
  attributes: string;
  contactId: string | null;
  accountId: string | null;
}
