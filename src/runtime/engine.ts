// The one place the engine's dependencies are built (issue 59 item 3): the process's engine() (the
// routes', the MCP tools', the in-process engine job's, the CLI's) is built here once, on first use,
// and closed by whoever owns the process; the simulator and the demo history, which open their own
// database, are handed buildEngine as a factory. Only src/runtime imports default-engine-deps.ts
// (.dependency-cruiser.cjs engine-built-at-the-root).
import type { AppDeps } from "../api/context.ts";
import type { Config } from "../config/config.ts";
import type { Database } from "../db/connect.ts";
import { defaultEngineDeps } from "../engine/default-engine-deps.ts";
import type { EngineDeps, EngineFactory } from "../engine/index.ts";

/** The real modules wired (default-engine-deps.ts), with the caller's overrides. */
export const buildEngine: EngineFactory = (database, config, overrides) =>
  defaultEngineDeps(database, config, overrides);

/** The process's engine: built on the first call and the same thereafter; close() ends its channel. */
export interface ProcessEngine {
  (): Promise<EngineDeps>;
  /** Closes the email channel's SMTP pool, if the engine was built (its idle connections keep a process alive). */
  close(): Promise<void>;
}

export function engineOnce(
  database: Database,
  config: Config,
  overrides: Partial<EngineDeps> = {},
): ProcessEngine {
  let built: Promise<EngineDeps> | undefined;
  const engine = () => {
    built ??= buildEngine(database, config, overrides);
    return built;
  };
  return Object.assign(engine, {
    async close() {
      const deps = await built?.catch(() => undefined);
      (deps?.email as { close?: () => void } | null | undefined)?.close?.();
    },
  });
}

/** The process's deps (the server's, a test app's): AppDeps with db from the database and one engine. */
export function buildAppDeps(parts: Omit<AppDeps, "db" | "engine">): AppDeps & { engine: ProcessEngine } {
  return {
    ...parts,
    db: parts.database.db,
    // the engine counts into the process's metrics (its passes, sends and lease takeovers)
    engine: engineOnce(parts.database, parts.config, parts.metrics ? { metrics: parts.metrics } : {}),
  };
}
