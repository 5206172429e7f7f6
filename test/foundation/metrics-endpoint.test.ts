import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/build-app.ts";
import type { AppDeps, BatonApp } from "../../src/api/context.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { startEngineJob } from "../../src/engine/engine-job.ts";
import { buildAppDeps } from "../../src/runtime/engine.ts";
import { createInstruments } from "../../src/runtime/instruments.ts";
import { dueEnrollments, oneStepNurture } from "../engine/engine-harness.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const STEPS = 60;

/** The value of one sample line (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe("/metrics during an engine run", () => {
  let database: Database;
  let deps: AppDeps;
  let app: BatonApp;
  let t: Tenant;

  beforeAll(async () => {
    database = await testDatabase();
    const config = {
      ...loadConfig({}),
      demo: false,
      runEngine: true,
      engineTickMs: 50,
      smtp: undefined,
      llm: undefined,
      publicUrl: "http://baton.test",
    };
    deps = buildAppDeps({ database, config, now: () => new Date(), ...createInstruments(database) });
    app = await buildApp(deps);
    await app.ready();
    t = await createTenant(database.db, "metrics");
    const now = new Date();
    const c = await oneStepNurture(database.db, t.revops, "metrics_nurture", now);
    await dueEnrollments(database.db, t.clientId, c.id, STEPS, "Metric", now);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const scrape = async () => {
    const r = await app.inject({ method: "GET", url: "/metrics", headers: t.admin.auth });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^text\/plain/);
    return r.body;
  };

  it("sees steps claimed and executed, sends by outcome and the lag histogram move", async () => {
    const before = await scrape();
    expect(sample(before, "baton_engine_steps_claimed_total")).toBe(0);
    expect(sample(before, "baton_engine_due_backlog", 'kind="steps"')).toBe(STEPS);

    const stop = await startEngineJob(deps);
    let during = "";
    try {
      // scrape while the loop runs, until every step's message went out
      for (let i = 0; i < 200; i++) {
        during = await scrape();
        if (sample(during, "baton_engine_sends_total", 'outcome="sent"') >= STEPS) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await stop();
    }
    expect(sample(during, "baton_engine_steps_claimed_total")).toBeGreaterThanOrEqual(STEPS);
    expect(sample(during, "baton_engine_steps_executed_total")).toBe(STEPS);
    expect(sample(during, "baton_engine_sends_total", 'outcome="sent"')).toBe(STEPS);
    expect(sample(during, "baton_engine_send_unknown_outcomes_total")).toBe(0);
    expect(sample(during, "baton_engine_send_lag_seconds_count")).toBe(STEPS);
    expect(sample(during, "baton_engine_last_pass_timestamp_seconds")).toBeGreaterThan(0);
    const after = await scrape();
    expect(sample(after, "baton_engine_due_backlog", 'kind="steps"')).toBe(0);
    expect(after).toMatch(/^baton_crm_outbox_depth\{status="pending"\} \d+$/m);
    // HTTP durations by route pattern and status (the scrapes themselves)
    expect(after).toMatch(
      /^baton_http_request_duration_seconds_count\{method="GET",route="\/metrics",status="200"\} \d+$/m,
    );
    expect(after).toMatch(/^process_resident_memory_bytes \d+/m);
    // PGlite's adapter pool: one connection
    expect(sample(after, "baton_db_pool_connections", 'state="total"')).toBe(1);
  }, 60_000);

  it("labels HTTP durations by the route pattern, not the raw URL", async () => {
    await app.inject({ method: "GET", url: "/api/v1/campaigns/does-not-exist", headers: t.revops.auth });
    const text = await scrape();
    expect(text).not.toContain("does-not-exist");
    expect(text).toMatch(/route="\/api\/v1\/campaigns\/:[a-zA-Z_]+"/);
  });

  it("refuses scrapers without an admin's token (no metrics token configured)", async () => {
    expect((await app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    expect((await app.inject({ method: "GET", url: "/metrics", headers: t.rep.auth })).statusCode).toBe(403);
  });

  it("with BATON_METRICS_TOKEN: that bearer token and nothing else", async () => {
    const config = { ...deps.config, metrics: { token: "scrape-secret-1", port: undefined } };
    const other = await buildApp({ ...deps, config });
    try {
      const ok = await other.inject({
        method: "GET",
        url: "/metrics",
        headers: { authorization: "Bearer scrape-secret-1" },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain("baton_engine_sends_total");
      const wrong = await other.inject({ method: "GET", url: "/metrics", headers: t.admin.auth });
      expect(wrong.statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});
