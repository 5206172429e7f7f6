// What one inbound message carries between the stages of process-inbound.ts: read (parse, classify,
// match), decide (decide-inbound.ts) and record (record-inbound.ts). A leaf, so the stages share
// these shapes without importing each other.
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import type { Classification, ReplyClassifier } from "../replies/index.ts";
import type { MailClass } from "./classify-mail.ts";
import type { DnsResolver } from "./inbound-auth.ts";
import type { InboundTrust } from "./inbound-trust.ts";
import type { InboxMetrics } from "./inbox-metrics.ts";
import type { InboundMatch } from "./match-inbound.ts";
import type { InboundMessage } from "./parse-inbound.ts";
import type { InboxMessageKind } from "./tables.ts";

export interface InboxRef {
  clientId: string;
  id: string;
  mailbox: string;
}

export interface ProcessContext {
  db: Kysely<DB>;
  /** the tenant's mailbox-ingester agent (ensureInboxPrincipal) */
  actor: Principal;
  softBounceLimit: number;
  metrics: InboxMetrics;
  /** the reply classifier; default: the campaigns' configured one */
  classifier?: ReplyClassifier;
  /** BATON_SECRET: verifies the VERP return path a bounce or complaint arrives at */
  secret?: string;
  /** DNS for Baton's own DKIM check (tests inject one; default: the system resolver) */
  dnsResolver?: DnsResolver;
}

/** The message as read: parsed, classified and matched to a send or contact. */
export interface InboundReading {
  raw: Buffer;
  m: InboundMessage;
  receivedAt: Date;
  cls: MailClass;
  /** a bounce or a complaint */
  report: boolean;
  /** a report, a reply or an auto-reply: a message Baton acts on (anything else is ignored) */
  acts: boolean;
  match: InboundMatch | null;
  /** the message's Message-ID, or a stable stand-in */
  messageId: string;
}

/** What was decided about it, before anything is recorded. */
export interface InboundDecision {
  kind: InboxMessageKind;
  outcome: Record<string, unknown>;
  trust: InboundTrust | null;
  /** an untrusted message's reading; hold: a person's reply holds the contact's sends */
  held: { classification: Classification; hold: boolean } | null;
}
