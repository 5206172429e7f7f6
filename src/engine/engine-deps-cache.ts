// The HTTP routes need the engine's wiring (coordinator, CRM outbox) for the actions that record
// touches; built once per app.
import type { Config } from "../config/config.ts";
import type { Database } from "../db/connect.ts";
import { defaultEngineDeps } from "./default-engine-deps.ts";
import type { EngineDeps } from "./engine-deps.ts";

const cache = new WeakMap<object, Promise<EngineDeps>>();

/** What the engine is wired from (the process's deps, src/api/context.ts's AppDeps, are one). */
export interface EngineWiring {
  database: Database;
  config: Config;
}

export function engineDepsFor(app: EngineWiring): Promise<EngineDeps> {
  let d = cache.get(app.database);
  if (!d) {
    d = defaultEngineDeps(app.database, app.config);
    cache.set(app.database, d);
  }
  return d;
}
