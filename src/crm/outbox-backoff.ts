// Retry schedule of the CRM outbox: exponential, capped. Pure (tested beside).

export const CRM_OUTBOX_MAX_ATTEMPTS = 8;
const BASE_MS = 15_000;
const CAP_MS = 60 * 60_000;

/** Delay before the next try after `attempts` failed tries (1 → 15 s, 2 → 30 s, … capped at 1 h). */
export function crmRetryDelayMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(CAP_MS, BASE_MS * 2 ** Math.min(n - 1, 20));
}

export type OutboxVerdict = { status: "pending"; nextAttemptAt: Date } | { status: "dead" };

/**
 * After a failed try: retry later, or dead-letter when permanent or out of attempts. A CRM that
 * said when to come back (429 Retry-After) is not called before then.
 */
export function afterFailure(
  attempts: number,
  permanent: boolean,
  now: Date,
  maxAttempts = CRM_OUTBOX_MAX_ATTEMPTS,
  retryAfterMs = 0,
): OutboxVerdict {
  if (permanent || attempts >= maxAttempts) return { status: "dead" };
  const delay = Math.max(crmRetryDelayMs(attempts), Math.min(retryAfterMs, CAP_MS));
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + delay) };
}

/**
 * A Retry-After header in ms (RFC 9110 §10.2.3: delay-seconds or an HTTP-date). Attio sends a date
 * ("Retry-After: Tue, 23 May 2023 14:42:01 GMT", docs.attio.com rest-api/guides/rate-limiting),
 * HubSpot seconds. A date is measured against the answer's own Date header when it has one, so
 * the two clocks' skew does not count; undefined when absent or unreadable.
 */
export function retryAfterMs(
  retryAfter: string | null | undefined,
  dateHeader: string | null | undefined,
  nowMs: number,
): number | undefined {
  const v = retryAfter?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  const served = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  return Math.max(0, at - (Number.isNaN(served) ? nowMs : served));
}
