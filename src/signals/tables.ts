// Kysely row types for the tables of migration 0580 (signals; src/db/database.ts merges them).
import type { ColumnType, Generated } from "kysely";

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string | undefined, string>;

/** spec 001's two sides: the conflict matrix reads last_sales_signal_at and last_marketing_signal_at. */
export const SIGNAL_SIDES = ["sales", "marketing"] as const;
export type SignalSide = (typeof SIGNAL_SIDES)[number];

/** How a signal about an account reaches the account's contacts (the catalogue says, per type). */
export const ACCOUNT_REACHES = ["none", "all_contacts"] as const;
export type AccountReach = (typeof ACCOUNT_REACHES)[number];

export const SIGNAL_SUBJECTS = ["contact", "account"] as const;
export type SignalSubject = (typeof SIGNAL_SUBJECTS)[number];

export const PAGE_RULE_KINDS = ["page", "track"] as const;
export type PageRuleKind = (typeof PAGE_RULE_KINDS)[number];

export const SIGNAL_SOURCE_KINDS = ["segment", "rudderstack"] as const;
export type SignalSourceKind = (typeof SIGNAL_SOURCE_KINDS)[number];

export interface SignalTypesTable {
  client_id: string;
  name: string;
  label: string | null;
  side: SignalSide;
  weight: Generated<number>;
  half_life_days: Generated<number>;
  account_reach: Generated<AccountReach>;
  created_at: Ts;
  updated_at: Ts;
}

export interface SignalsTable {
  client_id: string;
  signal_id: Generated<string>;
  type: string;
  subject: SignalSubject;
  contact_id: string | null;
  account_id: string | null;
  email: string | null;
  email_key: ColumnType<string | null, never, never>;
  domain: string | null;
  occurred_at: Ts;
  received_at: Ts;
  source: string;
  external_id: string;
  attributes: Json<Record<string, unknown>>;
  evidence_url: string | null;
  recorded_by_principal_id: string | null;
  resolved_at: TsNull;
}

export interface SignalPageRulesTable {
  client_id: string;
  rule_id: Generated<string>;
  kind: Generated<PageRuleKind>;
  pattern: string;
  type: string;
  position: Generated<number>;
  created_at: Ts;
}

export interface SignalSourcesTable {
  client_id: string;
  source_id: Generated<string>;
  kind: SignalSourceKind;
  name: string;
  secret_sealed: string;
  max_age_s: Generated<number>;
  created_by_principal_id: string | null;
  created_at: Ts;
  last_event_at: TsNull;
  events_count: Generated<string>;
  refused_count: Generated<string>;
  last_refusal: string | null;
}

/** 0790: an anonymous visitor's event, held until the visitor identifies (visitor-events.ts). */
export interface SignalVisitorEventsTable {
  client_id: string;
  event_id: Generated<string>;
  source: string;
  anonymous_id: string;
  type: string;
  occurred_at: Ts;
  received_at: Ts;
  external_id: string;
  attributes: Json<Record<string, unknown>>;
  evidence_url: string | null;
}

/** 0641: the default types a tenant was offered (a default never offered joins its catalogue). */
export interface SignalTypeDefaultsTable {
  client_id: string;
  name: string;
  offered_at: Ts;
}

export interface SignalsTables {
  signal_types: SignalTypesTable;
  signal_type_defaults: SignalTypeDefaultsTable;
  signals: SignalsTable;
  signal_page_rules: SignalPageRulesTable;
  signal_sources: SignalSourcesTable;
  signal_visitor_events: SignalVisitorEventsTable;
}

// its tables in the one DB type (src/db/database.ts imports no domain: each adds its own)
declare module "../db/database.ts" {
  interface DB extends SignalsTables {}
}
