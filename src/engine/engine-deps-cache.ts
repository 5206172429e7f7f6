// The HTTP routes need the engine's wiring (coordinator, CRM outbox) for the actions that record
// touches; built once per app.
import type { AppDeps } from "../api/context.ts";
import { defaultEngineDeps } from "./default-engine-deps.ts";
import type { EngineDeps } from "./engine-deps.ts";

const cache = new WeakMap<object, Promise<EngineDeps>>();

export function engineDepsFor(app: AppDeps): Promise<EngineDeps> {
  let d = cache.get(app.database);
  if (!d) {
    d = defaultEngineDeps(app.database, app.config);
    cache.set(app.database, d);
  }
  return d;
}
