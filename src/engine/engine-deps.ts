// What the engine needs from the rest of Baton, passed in (so tests, the simulation and the
// benchmark run the same code with only the clock or a channel swapped). default-engine-deps.ts
// wires the real modules, and src/runtime/engine.ts is the one place that calls it.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { EmailChannel } from "../channels/index.ts";
import type { Config } from "../config/config.ts";
import type { CrmWrite } from "../crm/crm-adapter.ts";
import type { Database } from "../db/connect.ts";
import type { DB } from "../db/database.ts";
import type { Drafter } from "../drafting/index.ts";
import type { Metrics } from "../metrics/index.ts";

/** spec 002 exit_contact (campaigns module): sets status and reason, follows on_exit. */
export type ExitContact = (
  tx: Kysely<DB>,
  req: { clientId: string; enrollmentId: string; reason: string },
  now: Date,
) => Promise<unknown>;

/** The CRM outbox (crm module): enqueued in the caller's transaction, in order, drained later. */
export type EnqueueCrmWrites = (tx: Kysely<DB>, clientId: string, writes: CrmWrite[]) => Promise<unknown>;

export interface EngineDeps {
  db: Kysely<DB>;
  /** PGlite has one connection: the send runs between two transactions there (send-approved.ts). */
  dbKind: "pglite" | "postgres";
  /** The built-in drafter (template) and, when configured, the LLM one. */
  drafters: { template: Drafter; llm?: Drafter };
  /** null: approved email items wait (nothing is sent without a channel). */
  email: EmailChannel | null;
  exitContact: ExitContact;
  enqueueCrmWrites: EnqueueCrmWrites;
  /** campaigns: paused (out of office) enrollments whose return date passed become active again. */
  resumePausedEnrollments?: (db: Kysely<DB>, now: Date) => Promise<unknown>;
  /** Signature name for drafts. */
  senderName: string;
  /** BATON_SECRET: signs the contact's token in `{{sender.booking_link}}`; absent: drafts get no link. */
  bookingSecret?: string;
  /** How long a claimed enrollment stays claimed; a crashed worker's claim returns after it. */
  claimLeaseMs: number;
  /** How long an agent holds a drafting task. */
  draftingLeaseMs: number;
  /** Transient SMTP failures are retried this many times in all. */
  maxSendAttempts: number;
  /** Counters and the lag histogram (docs/operations.md); absent: nothing is counted. */
  metrics?: Metrics;
  /**
   * Ids for rows a statement names before they exist (a send item and its draft, inserted
   * together: stage-draft.ts). Absent: random v4 UUIDs, as the columns' default gives; the
   * simulation draws them from its sequence, in the order the columns' defaults would have.
   */
  newIds?: (tx: Kysely<DB>, count: number) => Promise<string[]>;
}

/**
 * Builds the engine's deps over a database (src/runtime/engine.ts buildEngine). Code that opens a
 * database of its own (the simulator, the demo history) is handed one, so the wiring stays at the
 * root.
 */
export type EngineFactory = (
  database: Database,
  config: Config,
  overrides?: Partial<EngineDeps>,
) => Promise<EngineDeps>;

/** `count` random v4 UUIDs (gen_random_uuid()'s kind), made here: no round trip. */
export async function randomIds(_tx: Kysely<DB>, count: number): Promise<string[]> {
  return Array.from({ length: count }, () => randomUUID());
}

export const ENGINE_DEFAULTS = {
  senderName: "Baton",
  claimLeaseMs: 30_000,
  draftingLeaseMs: 10 * 60_000,
  maxSendAttempts: 5,
} as const;
