// Rate limits per principal (issue 6: a runaway agent cannot flood the system). A token bucket per
// principal: each request takes its cost (1; an MCP batch one per call); tokens refill at perSecond
// up to burst. One principal's empty bucket never touches another's. The buckets live in the
// database (issue 36 item 15: per-process buckets let N servers allow N times the limit), taken
// with one statement per request; takeToken is the same arithmetic, pure, for the property test.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/database.ts";

export interface RateLimitConfig {
  /** Bucket size: how many requests may come at once. 0 disables the limit. */
  burst: number;
  /** Refill rate, tokens per second. */
  perSecond: number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterS: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Whole seconds, at least 1, until `cost` tokens are back: what Retry-After can say. */
function retryAfter(tokens: number, cost: number, cfg: RateLimitConfig): number {
  return Math.max(1, Math.ceil((cost - tokens) / cfg.perSecond));
}

/** Pure step of the bucket: refill for the elapsed time, then try to take `cost` tokens. */
export function takeToken(
  bucket: Bucket | undefined,
  nowMs: number,
  cfg: RateLimitConfig,
  cost = 1,
): { bucket: Bucket; decision: RateDecision } {
  const start = bucket ?? { tokens: cfg.burst, at: nowMs };
  const elapsed = Math.max(0, nowMs - start.at) / 1000;
  const tokens = Math.min(cfg.burst, start.tokens + elapsed * cfg.perSecond);
  const at = Math.max(start.at, nowMs);
  if (tokens >= cost) {
    return {
      bucket: { tokens: tokens - cost, at },
      decision: { allowed: true, remaining: Math.floor(tokens - cost) },
    };
  }
  return { bucket: { tokens, at }, decision: { allowed: false, retryAfterS: retryAfter(tokens, cost, cfg) } };
}

export interface RateLimiter {
  readonly cfg: RateLimitConfig;
  /** Takes `cost` tokens from the principal's bucket (shared by every process on the database). */
  take(who: { clientId: string; principalId: string }, cost?: number): Promise<RateDecision>;
}

/**
 * The buckets in rate_limit_buckets: one INSERT … ON CONFLICT DO UPDATE per take refills and takes
 * under the row's lock, so concurrent takers on any number of servers are counted once each.
 * `now` is the app's clock (time is a parameter); an earlier clock than the row's refills nothing.
 */
export function databaseRateLimiter(db: Kysely<DB>, cfg: RateLimitConfig, now: () => Date): RateLimiter {
  return {
    cfg,
    async take(who, cost = 1) {
      if (cfg.burst <= 0) return { allowed: true, remaining: Number.POSITIVE_INFINITY };
      const at = now();
      const burst = sql`${cfg.burst}::float8`;
      const n = sql`${cost}::float8`;
      // tokens after refilling the stored bucket up to burst for the time since its last take
      const avail = sql`least(${burst}, b.tokens + greatest(0, extract(epoch from (${at}::timestamptz - b.at))::float8) * ${sql`${cfg.perSecond}::float8`})`;
      const r = await sql<{ tokens: number; granted: boolean }>`
        insert into rate_limit_buckets as b (client_id, principal_id, tokens, at, granted)
        values (${who.clientId}, ${who.principalId},
                case when ${burst} >= ${n} then ${burst} - ${n} else ${burst} end,
                ${at}::timestamptz, ${burst} >= ${n})
        on conflict (client_id, principal_id) do update set
          tokens = case when ${avail} >= ${n} then ${avail} - ${n} else ${avail} end,
          granted = ${avail} >= ${n},
          at = greatest(b.at, ${at}::timestamptz)
        returning tokens, granted`.execute(db);
      const row = r.rows[0];
      const tokens = Number(row.tokens);
      return row.granted
        ? { allowed: true, remaining: Math.floor(tokens) }
        : { allowed: false, retryAfterS: retryAfter(tokens, cost, cfg) };
    },
  };
}
