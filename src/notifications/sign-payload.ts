// Webhook signatures (docs/notifications.md). Header:
//   Baton-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// The timestamp is inside the signed string, so a captured request cannot be replayed later
// than the receiver's tolerance (300 s by default) with a fresh timestamp.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "baton-signature";
export const DEFAULT_TOLERANCE_S = 300;

export function signPayload(secret: string, timestampS: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestampS}.${body}`).digest("hex");
  return `t=${timestampS},v1=${mac}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: "malformed" | "stale" | "mismatch" };

/** What a receiver does: parse, check the timestamp window, compare in constant time. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  now: Date,
  toleranceS = DEFAULT_TOLERANCE_S,
): VerifyResult {
  const parts = Object.fromEntries(
    (header ?? "").split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || typeof parts.v1 !== "string" || !/^[0-9a-f]{64}$/.test(parts.v1)) {
    return { ok: false, reason: "malformed" };
  }
  if (Math.abs(Math.floor(now.getTime() / 1000) - t) > toleranceS) return { ok: false, reason: "stale" };
  const expected = Buffer.from(signPayload(secret, t, body).split("v1=")[1], "hex");
  const given = Buffer.from(parts.v1, "hex");
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: "mismatch" };
}

/** Retry schedule after a failed attempt n (1-based): 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffSeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempt - 1), 3600);
}
