// Add an email address or a whole domain to a tenant's suppression list (issue 15 item 2), and
// stop every queued touch to the people it covers in the same transaction. Idempotent: adding an
// entry that exists keeps the first one (its reason and source) and still stops any touch.
// suppressAddress is the entry point other modules call (the inbox suppresses hard bounces).
import { type Kysely, sql } from "kysely";
import { isValidEmail, normalizeDomain, normalizeEmail } from "../contact-keys/index.ts";
import { retryOnLockConflict } from "../coordinator/index.ts";
import type { DB } from "../db/database.ts";
import { BatonError } from "../errors/baton-error.ts";
import { type StopResult, stopTouchesOf } from "./stop-touches.ts";
import type { SuppressionKind, SuppressionSource } from "./tables.ts";

export interface SuppressionInput {
  clientId: string;
  kind: Exclude<SuppressionKind, "email_hash">;
  /** An address (kind email) or a domain (kind domain; an address's domain is taken). */
  value: string;
  reason: string;
  source: SuppressionSource;
  actor?: { principalId?: string | null; agentId?: string | null } | null;
}

export interface SuppressionResult extends StopResult {
  suppressionId: string;
  kind: SuppressionKind;
  value: string;
  created: boolean;
}

export async function addSuppression(
  db: Kysely<DB>,
  input: SuppressionInput,
  now: Date,
): Promise<SuppressionResult> {
  const value = input.kind === "email" ? emailValue(input.value) : normalizeDomain(input.value);
  if (!value) {
    throw new BatonError("SUPPRESSION_VALUE_INVALID", { kind: input.kind });
  }
  const run = async (tx: Kysely<DB>): Promise<SuppressionResult> => {
    // 1. the entry (committed with everything below, or not at all)
    const inserted = await tx
      .insertInto("suppressions")
      .values({
        client_id: input.clientId,
        kind: input.kind,
        value,
        reason: input.reason.slice(0, 200),
        source: input.source,
        created_by_principal_id: input.actor?.principalId ?? null,
        created_at: now,
      })
      .onConflict((oc) => oc.constraint("suppressions_value_uniq").doNothing())
      .returning("id")
      .executeTakeFirst();
    const id =
      inserted?.id ??
      (
        await tx
          .selectFrom("suppressions")
          .select("id")
          .where("client_id", "=", input.clientId)
          .where("kind", "=", input.kind)
          .where("value", "=", value)
          .executeTakeFirstOrThrow()
      ).id;
    // 2. lock everyone it covers and stop their touches (AFTER the insert: see stop-touches.ts)
    const match =
      input.kind === "email"
        ? sql`c.email_key = ${value}`
        : sql`c.email_domain = ${value} or c.email_domain like ${`%.${value}`}`;
    const stopped = await stopTouchesOf(
      tx,
      input.clientId,
      match,
      { suppressionId: id, kind: input.kind, source: input.source, actor: input.actor ?? null },
      now,
    );
    return { suppressionId: id, kind: input.kind, value, created: Boolean(inserted), ...stopped };
  };
  return db.isTransaction ? run(db) : retryOnLockConflict(() => db.transaction().execute(run));
}

/**
 * Suppress one address (the inbox calls this for a hard bounce). Works inside the caller's
 * transaction or in its own.
 */
export function suppressAddress(
  db: Kysely<DB>,
  input: { clientId: string; email: string; reason: string; source: SuppressionSource },
  now: Date = new Date(),
): Promise<SuppressionResult> {
  return addSuppression(
    db,
    {
      clientId: input.clientId,
      kind: "email",
      value: input.email,
      reason: input.reason,
      source: input.source,
    },
    now,
  );
}

function emailValue(raw: string): string | null {
  return isValidEmail(raw) ? normalizeEmail(raw) : null;
}
