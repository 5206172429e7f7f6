// METRICS_TOKEN's check, shared by GET /metrics on the app (routes/metrics-routes.ts) and the metrics
// port of its own (src/runtime/instruments.ts).
import { createHash, timingSafeEqual } from "node:crypto";

/** Constant-time comparison of a presented bearer token with the configured one. */
export function metricsTokenMatches(header: string | undefined, expected: string): boolean {
  const given = header?.startsWith("Bearer ") ? header.slice(7).trim() : "";
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return given.length > 0 && timingSafeEqual(a, b);
}
