// Rate limits per principal (issue 6: a runaway agent cannot flood the system). A token bucket per
// principal, in memory, per process: each request takes one token; tokens refill at perSecond up
// to burst. One principal's empty bucket never touches another's.

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

/** Pure step of the bucket: refill for the elapsed time, then try to take one token. */
export function takeToken(
  bucket: Bucket | undefined,
  nowMs: number,
  cfg: RateLimitConfig,
): { bucket: Bucket; decision: RateDecision } {
  const start = bucket ?? { tokens: cfg.burst, at: nowMs };
  const elapsed = Math.max(0, nowMs - start.at) / 1000;
  const tokens = Math.min(cfg.burst, start.tokens + elapsed * cfg.perSecond);
  if (tokens >= 1) {
    return {
      bucket: { tokens: tokens - 1, at: nowMs },
      decision: { allowed: true, remaining: Math.floor(tokens - 1) },
    };
  }
  // whole seconds, at least 1: what Retry-After can say
  const retryAfterS = Math.max(1, Math.ceil((1 - tokens) / cfg.perSecond));
  return { bucket: { tokens, at: nowMs }, decision: { allowed: false, retryAfterS } };
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly cfg: RateLimitConfig,
    /** Monotonic milliseconds; tests inject their own. */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  take(principalId: string): RateDecision {
    if (this.cfg.burst <= 0) return { allowed: true, remaining: Number.POSITIVE_INFINITY };
    const now = this.clock();
    const { bucket, decision } = takeToken(this.buckets.get(principalId), now, this.cfg);
    this.buckets.set(principalId, bucket);
    if (this.buckets.size > 10_000) this.prune(now);
    return decision;
  }

  /** Forgets buckets that have refilled completely (they equal a fresh bucket). */
  private prune(now: number) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.cfg.perSecond >= this.cfg.burst) this.buckets.delete(k);
    }
  }
}
