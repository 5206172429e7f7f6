// What the routes of health-routes.ts share.
import { sql } from "kysely";
import { Type } from "typebox";
import { migrationStatus } from "../../../db/migration-status.ts";
import type { AppDeps } from "../../context.ts";

/** The engine loop counts as ticking when it began or ended a pass within this long. */
export function engineSilenceLimitMs(tickMs: number): number {
  // 3 ticks, but at least 30 s: a pass over a full batch (sends included) can outlast a short tick
  return Math.max(3 * tickMs, 30_000);
}
/** The body of /readyz, ready (200) or not (503). */
export const ReadinessBody = Type.Object({
  ready: Type.Boolean(),
  reasons: Type.Array(Type.String(), { description: "What is not ready, in words; empty when ready" }),
  checks: Type.Record(
    Type.String(),
    Type.Union([Type.Literal("ok"), Type.Literal("fail"), Type.Literal("skipped")]),
    {
      description: "Each check: database, migrations, engine",
    },
  ),
});
export interface Readiness {
  ready: boolean;
  reasons: string[];
  checks: Record<string, "ok" | "fail" | "skipped">;
}
export async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
export async function readiness(deps: AppDeps, log: (e: unknown, what: string) => void): Promise<Readiness> {
  const reasons: string[] = [];
  const checks: Readiness["checks"] = { database: "ok", migrations: "ok", engine: "skipped" };
  // PGlite has one connection, which an engine batch may hold for a moment
  const timeoutMs = deps.database.kind === "pglite" ? 5_000 : 2_000;
  try {
    await withTimeout(sql`select 1`.execute(deps.db), timeoutMs);
    try {
      const m = await withTimeout(migrationStatus(deps.db), timeoutMs);
      if (!m.current) {
        checks.migrations = "fail";
        if (m.pending.length) reasons.push(`migrations: ${m.pending.length} pending (first ${m.pending[0]})`);
        if (m.unknown.length)
          reasons.push(`migrations: the database is newer than this build (${m.unknown[0]})`);
      }
    } catch (e) {
      log(e, "migrations");
      checks.migrations = "fail";
      reasons.push("migrations: could not be read");
    }
  } catch (e) {
    log(e, "database");
    checks.database = "fail";
    checks.migrations = "skipped";
    reasons.push("database: not answering");
  }
  const hb = deps.engineHeartbeat;
  if (hb && deps.config.runEngine) {
    const limit = engineSilenceLimitMs(deps.config.engineTickMs);
    const silent = hb.silentFor(new Date());
    checks.engine = silent <= limit ? "ok" : "fail";
    if (silent > limit)
      reasons.push(`engine: no pass for ${Math.round(silent / 1000)} s (limit ${limit / 1000} s)`);
  }
  return { ready: reasons.length === 0, reasons, checks };
}
export const hidden = { hide: false, tags: ["system"], security: [] };
