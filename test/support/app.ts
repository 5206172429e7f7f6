import { buildApp } from "../../src/api/build-app.ts";
import type { AppDeps, BatonApp } from "../../src/api/context.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { buildAppDeps } from "../../src/runtime/engine.ts";
import { testDatabase } from "./db.ts";

export interface TestApp {
  app: BatonApp;
  database: Database;
  deps: AppDeps;
  /** Set to move the app's clock. */
  clock: { now: Date | null };
  close(): Promise<void>;
}

/**
 * The HTTP app over a database (a fresh PGlite one unless given), driven with app.inject(); env
 * holds the settings a test turns on (BATON_WEBHOOK_ALLOW_LOOPBACK=true, …).
 */
export async function testApp(database?: Database, env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const db = database ?? (await testDatabase());
  const clock: { now: Date | null } = { now: null };
  // http://baton.test unless the test listens and says where (BATON_PUBLIC_URL)
  const config = {
    ...loadConfig(env),
    demo: false,
    runEngine: false,
    publicUrl: env.BATON_PUBLIC_URL ?? "http://baton.test",
  };
  const deps = buildAppDeps({ database: db, config, now: () => clock.now ?? new Date() });
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    database: db,
    deps,
    clock,
    async close() {
      await app.close();
      if (!database) await db.close();
    },
  };
}

/** A request to the app as a principal (its Authorization header), with a JSON body when given. */
export function callAs(h: TestApp) {
  return (
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    auth: { authorization: string },
    payload?: unknown,
  ) =>
    h.app.inject({
      method,
      url,
      headers: auth,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}
