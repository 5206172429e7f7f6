// The shapes of a contact import's plan (issue 15 item 1; plan-contact-import.ts decides it): the
// rows and what the database already knows, which it is planned against, and what it decides for
// each row: a write, an account the file names that none has, a job change (issue 69 item 3).

import type { RowReport } from "./import-job.ts";

export interface ContactValues {
  email: string | null;
  emailKey: string | null;
  fullName: string | null;
  title: string | null;
  linkedinUrl: string | null;
  /** as written, trimmed (the phone call channel dials it; 0380) */
  phone: string | null;
  crmId: string | null;
  accountId: string | null;
  timeZone: string | null;
  /** ISO 3166-1 alpha-2 (send windows and holidays, docs/sending.md) */
  country: string | null;
  legalBasis: string | null;
  legalBasisSource: string | null;
}

/** What the database already knows, read in bulk before planning. */
export interface ImportLookups {
  existingByEmailKey: Map<string, string>;
  existingByCrmId: Map<string, string>;
  suppressedEmailKeys: Set<string>;
  suppressedDomains: Set<string>;
  erasedEmailKeys: Set<string>;
  /** account by its keys (account-keys.ts): `d:<domain>`, `n:<normalised name>` */
  accountByKey: Map<string, string>;
  /** the domain of each account accountByKey names */
  accountDomains?: Map<string, string>;
  /** the live contact of each previous address a row names (previous_email's key; job changes) */
  existingByPreviousKey?: Map<string, string>;
  /** the contacts existingByCrmId and existingByPreviousKey name: their address's key and their account's domain (job changes) */
  crmContacts?: Map<string, { emailKey: string | null; accountDomain: string | null }>;
}

/**
 * A job change the file shows (issue 69 item 3): a row that names a known person by their CRM id
 * (else by their previous address, the previous_email column) gives them an address at another company. Proven (the row names the new company and the address
 * is at its domain, job-change.ts's provenMoveDomain): the person moves. Else a person reviews it,
 * and the old contact keeps its address, account and title.
 */
export interface PlannedJobChange {
  contactId: string;
  /** the CRM id the row named the person by: it follows them to the new company (null: named by previous_email) */
  crmId: string | null;
  /** the report row (0-based) */
  index: number;
  email: string;
  /** the new company's domain when the move is proven; null: it needs review */
  domain: string | null;
  company: string | null;
  /** what the row said, for the review */
  named: { company: string | null; domain: string | null };
}

/** An account the file names that none has: listed in the preview, created when asked. */
export interface NewAccount {
  id: string;
  name: string;
  domain: string | null;
  /** the data rows naming it */
  rows: number;
}

export interface PlannedWrite {
  /** existing contact id for an update; a fresh uuid for a create */
  contactId: string;
  create: boolean;
  values: ContactValues;
}

export interface ContactPlan {
  report: RowReport[];
  writes: PlannedWrite[];
  /** the accounts the file names that none has, once each, in file order */
  newAccounts: NewAccount[];
  jobChanges: PlannedJobChange[];
}

export type RawRow = (field: string) => string;

export interface ImportRow {
  get: RawRow;
  line: number;
  /** set when the row's text holds bytes that were not UTF-8: the first one's byte offset */
  invalidUtf8At?: number;
}

export interface ContactPlanOptions {
  onDuplicate: "update" | "skip";
  legalBasis?: string;
  legalBasisSource?: string;
  newId: () => string;
  validZone: (z: string) => boolean;
  /** create the accounts the file names that none has (the API's create_accounts: true) */
  createAccounts?: boolean;
}
