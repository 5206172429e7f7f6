// /healthz and /readyz (issue 10): ready while the database answers, its migrations are current and
// the in-process engine loop ticks; 503 with the reasons (and no secrets) otherwise. The database
// going away under a running app turns /readyz to 503 while /healthz stays 200.
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/build-app.ts";
import { engineSilenceLimitMs } from "../../src/api/routes/health-routes.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { Heartbeat } from "../../src/metrics/heartbeat.ts";
import { buildAppDeps } from "../../src/runtime/engine.ts";
import { testDatabase } from "../support/db.ts";

async function appOver(database: Database, heartbeat?: Heartbeat) {
  const config = {
    ...loadConfig({}),
    demo: false,
    runEngine: true,
    engineTickMs: 1000,
    publicUrl: "http://baton.test",
  };
  const deps = buildAppDeps({ database, config, now: () => new Date(), engineHeartbeat: heartbeat });
  const app = await buildApp(deps);
  await app.ready();
  return app;
}

describe("health endpoints", () => {
  const open: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of open.reverse()) await close().catch(() => undefined);
  });

  /** An app over a fresh database whose engine loop has just ticked; closed after the tests. */
  async function tickingApp() {
    const database = await testDatabase();
    open.push(() => database.close());
    const hb = new Heartbeat();
    hb.beat();
    const app = await appOver(database, hb);
    open.push(() => app.close());
    return app;
  }

  it("ready when the database answers, migrations are current and the engine ticked", async () => {
    const app = await tickingApp();
    const live = await app.inject({ method: "GET", url: "/healthz" });
    expect(live.statusCode).toBe(200);
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      ready: true,
      reasons: [],
      checks: { database: "ok", migrations: "ok", engine: "ok" },
    });
  });

  it("503 when the engine loop has not ticked within its limit", async () => {
    const database = await testDatabase();
    open.push(() => database.close());
    const hb = new Heartbeat(new Date(Date.now() - engineSilenceLimitMs(1000) - 5_000));
    const app = await appOver(database, hb);
    open.push(() => app.close());
    const r = await app.inject({ method: "GET", url: "/readyz" });
    expect(r.statusCode).toBe(503);
    expect(r.json().checks.engine).toBe("fail");
    expect(r.json().reasons[0]).toMatch(/^engine: no pass for \d+ s/);
  });

  it("503 when the database is newer than this build (an unknown migration)", async () => {
    const database = await testDatabase();
    open.push(() => database.close());
    await sql`insert into baton_migrations (name) values ('9999_from_a_newer_build')`.execute(database.db);
    const app = await appOver(database);
    open.push(() => app.close());
    const r = await app.inject({ method: "GET", url: "/readyz" });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ ready: false, checks: { database: "ok", migrations: "fail" } });
    expect(r.json().reasons).toEqual([
      "migrations: the database is newer than this build (9999_from_a_newer_build)",
    ]);
  });

  it("turns 503 when the database goes away under the app; /healthz stays 200", async () => {
    const database = await testDatabase();
    const app = await appOver(database);
    open.push(() => app.close());
    expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    await database.close();
    const r = await app.inject({ method: "GET", url: "/readyz" });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({
      ready: false,
      reasons: ["database: not answering"],
      checks: { database: "fail", migrations: "skipped", engine: "skipped" },
    });
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });

  it("a mistyped probe answers 404 JSON, not the workspace's page; the real probes and pages still answer", async () => {
    const app = await tickingApp();
    for (const url of ["/healthz", "/readyz"])
      expect((await app.inject({ method: "GET", url })).statusCode, url).toBe(200);
    const mistyped = [
      "/health",
      "/Health",
      "/livez",
      "/live",
      "/ready",
      "/readiness",
      "/healthz/x",
      "/healthz/",
      "/readyz/anything",
      "/status",
      "/ping",
      "/metrics/x",
      // this app serves no /metrics (no registry, as with BATON_METRICS_PORT): 404, not the page
      "/metrics",
      "/health?full=1",
    ];
    for (const url of mistyped) {
      for (const method of ["GET", "HEAD"] as const) {
        const r = await app.inject({ method, url });
        expect(r.statusCode, `${method} ${url}`).toBe(404);
        expect(r.headers["content-type"], `${method} ${url}`).toMatch(/^application\/json/);
      }
      expect((await app.inject({ method: "GET", url })).json().error.code).toBe("NOT_FOUND");
    }
    // the workspace's own routes still deep-link to its page
    for (const url of ["/contacts", "/plays/123", "/statuses", "/pingback"]) {
      const r = await app.inject({ method: "GET", url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers["content-type"], url).toMatch(/^text\/html/);
    }
  });
});
