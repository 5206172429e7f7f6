// Idempotency keys (issue 6): agents retry, so a write that carries an Idempotency-Key runs once
// and every retry with the same key gets the first result back. The key is claimed with an insert
// into idempotency_keys, in its own transaction, BEFORE the write runs: the primary key
// (client_id, principal_id, idem_key) lets exactly one of many concurrent retries win; the others
// poll (bounded) for the winner's stored result instead of running the write.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { DB } from "../db/database.ts";
import { onceMoreIfLost } from "../db/lost-connection.ts";
import { BatonError } from "../errors/baton-error.ts";
import { mapDbError } from "../errors/map-db-error.ts";

/** Keys expire after 24 h (then the same key names a new request). */
export const KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** An in-progress claim older than this is taken to be from a crashed process and may be taken over. */
export const STALE_CLAIM_MS = 5 * 60 * 1000;

export interface StoredResponse {
  status: number;
  body: string;
  contentType: string | null;
}

export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "in_progress" };

export interface IdempotentRequest {
  principal: Principal;
  key: string;
  method: string;
  path: string;
  /** Hash of what makes two requests "the same": method, path and canonical body. */
  requestHash: string;
}

/** JSON with object keys sorted, so {a,b} and {b,a} hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest("hex");
}

export function validateKey(key: string): void {
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new BatonError("VALIDATION_FAILED", {
      errors: [
        { path: "headers/idempotency-key", message: "must be 1-255 printable ASCII characters, no spaces" },
      ],
    });
  }
}

/**
 * Claims the key for this request, or says what the first request with it did.
 * Throws IDEMPOTENCY_KEY_REUSED when the key was used for a different request.
 */
export async function claimIdempotencyKey(db: Kysely<DB>, r: IdempotentRequest, now: Date): Promise<Claim> {
  validateKey(r.key);
  const scope = { client_id: r.principal.clientId, principal_id: r.principal.principalId, idem_key: r.key };
  const expires = new Date(now.getTime() + KEY_TTL_MS);
  // its own transaction: the claim is visible to concurrent retries before the write runs
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto("idempotency_keys")
      .values({
        ...scope,
        request_hash: r.requestHash,
        method: r.method.toUpperCase(),
        path: r.path,
        created_at: now,
        updated_at: now,
        expires_at: expires,
      })
      .onConflict((oc) => oc.columns(["client_id", "principal_id", "idem_key"]).doNothing())
      .returning("idem_key")
      .executeTakeFirst();
    if (inserted) return { kind: "claimed" } as const;

    const row = await tx
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("client_id", "=", scope.client_id)
      .where("principal_id", "=", scope.principal_id)
      .where("idem_key", "=", scope.idem_key)
      .forUpdate()
      .executeTakeFirst();
    const staleClaim =
      row?.state === "in_progress" && row.updated_at.getTime() < now.getTime() - STALE_CLAIM_MS;
    if (!row || row.expires_at.getTime() <= now.getTime() || staleClaim) {
      // expired (24 h) or abandoned by a crashed process: this request takes the key over
      await tx
        .updateTable("idempotency_keys")
        .set({
          request_hash: r.requestHash,
          method: r.method.toUpperCase(),
          path: r.path,
          state: "in_progress",
          response_status: null,
          response_body: null,
          response_type: null,
          created_at: now,
          updated_at: now,
          expires_at: expires,
        })
        .where("client_id", "=", scope.client_id)
        .where("principal_id", "=", scope.principal_id)
        .where("idem_key", "=", scope.idem_key)
        .execute();
      return { kind: "claimed" } as const;
    }
    if (row.request_hash !== r.requestHash) {
      throw new BatonError("IDEMPOTENCY_KEY_REUSED", {
        key: r.key,
        first_request: `${row.method} ${row.path}`,
        first_used_at: row.created_at.toISOString(),
      });
    }
    if (row.state === "completed") {
      return {
        kind: "replay",
        response: {
          status: row.response_status!,
          body: row.response_body ?? "",
          contentType: row.response_type,
        },
      } as const;
    }
    return { kind: "in_progress" } as const;
  });
}

/** Stores the first result; retries replay it. */
export async function completeIdempotencyKey(
  db: Kysely<DB>,
  r: Pick<IdempotentRequest, "principal" | "key">,
  response: StoredResponse,
  now: Date,
): Promise<void> {
  await db
    .updateTable("idempotency_keys")
    .set({
      state: "completed",
      response_status: response.status,
      response_body: response.body,
      response_type: response.contentType,
      updated_at: now,
    })
    .where("client_id", "=", r.principal.clientId)
    .where("principal_id", "=", r.principal.principalId)
    .where("idem_key", "=", r.key)
    .execute();
}

/** Gives the key up (the write failed in a way a retry may fix, e.g. 5xx): the next retry runs it. */
export async function releaseIdempotencyKey(
  db: Kysely<DB>,
  r: Pick<IdempotentRequest, "principal" | "key">,
): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("client_id", "=", r.principal.clientId)
    .where("principal_id", "=", r.principal.principalId)
    .where("idem_key", "=", r.key)
    .where("state", "=", "in_progress")
    .execute();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Claims the key, or waits (polling, bounded by waitMs) until the first request with it stores its
 * result. Returns "claimed" (run the write now) or the response to replay.
 */
export async function claimOrWait(
  db: Kysely<DB>,
  r: IdempotentRequest,
  now: () => Date,
  waitMs: number,
): Promise<{ kind: "claimed" } | { kind: "replay"; response: StoredResponse }> {
  const started = Date.now();
  let delay = 10;
  for (;;) {
    const claim = await claimIdempotencyKey(db, r, now());
    if (claim.kind !== "in_progress") return claim;
    const waited = Date.now() - started;
    if (waited >= waitMs) {
      throw new BatonError("IDEMPOTENCY_REQUEST_IN_PROGRESS", { key: r.key, waited_ms: waited });
    }
    await sleep(Math.min(delay, Math.max(1, waitMs - waited)));
    delay = Math.min(delay * 2, 200);
  }
}

/**
 * Runs a write once per key (used by MCP tools; HTTP uses the hooks in idempotency-hooks.ts).
 * The result is stored as JSON; errors with status < 500 are stored too, so a retry sees the same
 * refusal; 5xx releases the key.
 */
export async function runIdempotent<T>(
  db: Kysely<DB>,
  r: IdempotentRequest,
  now: () => Date,
  waitMs: number,
  write: () => Promise<T>,
): Promise<{ status: number; body: unknown; replayed: boolean }> {
  const claim = await claimOrWait(db, r, now, waitMs);
  if (claim.kind === "replay") {
    return { status: claim.response.status, body: JSON.parse(claim.response.body), replayed: true };
  }
  let status = 200;
  let body: unknown;
  try {
    body = await write();
  } catch (e) {
    const err = mapDbError(e);
    if (!err || err.status >= 500) {
      await onceMoreIfLost(() => releaseIdempotencyKey(db, r));
      throw err ?? e;
    }
    status = err.status;
    body = { error: { ...err.toJSON(), status: err.status } };
  }
  // safe to repeat: once more after a lost connection, as the HTTP hooks do (http-hooks.ts)
  const stored = { status, body: JSON.stringify(body ?? null), contentType: "application/json" };
  await onceMoreIfLost(() => completeIdempotencyKey(db, r, stored, now()));
  return { status, body, replayed: false };
}

/** Deletes expired keys (housekeeping; expired keys are also taken over on use). */
export async function purgeExpiredKeys(db: Kysely<DB>, now: Date): Promise<number> {
  const r = await db.deleteFrom("idempotency_keys").where("expires_at", "<=", now).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}
