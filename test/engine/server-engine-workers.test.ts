// BATON_ENGINE_WORKERS: the server runs N engine workers in its own process (src/engine/engine-job.ts),
// as `baton engine work --concurrency N` does, each claiming under a name of its own. One on the
// embedded database, whose one connection they would only take in turns: refused at start. A CLI
// command started with a variable out of range says which, and exits 2.
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import { ConfigError, loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { openDatabase } from "../../src/db/connect.ts";
import { startEngineJob } from "../../src/engine/engine-job.ts";
import { buildAppDeps } from "../../src/runtime/engine.ts";
import { createInstruments } from "../../src/runtime/instruments.ts";
import { stepWorkers } from "../support/lock-waits.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { ownServerDatabase } from "../support/template.ts";
import { createTenant } from "../support/tenant.ts";
import { dueEnrollments, oneStepNurture } from "./engine-harness.ts";

const URL = "postgres://postgres@127.0.0.1:5432/test";
const STEPS = 600;

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
}

describe("BATON_ENGINE_WORKERS", () => {
  it("is 1 unless set, 1 to 32, and above 1 only with DATABASE_URL", () => {
    expect(loadConfig({}).engineWorkers).toBe(1);
    expect(loadConfig({ BATON_ENGINE_WORKERS: "1" }).engineWorkers).toBe(1);
    expect(loadConfig({ BATON_ENGINE_WORKERS: "4", DATABASE_URL: URL }).engineWorkers).toBe(4);
    for (const bad of ["0", "33", "two", "1.5"])
      expect(refusal({ BATON_ENGINE_WORKERS: bad, DATABASE_URL: URL })).toContain("BATON_ENGINE_WORKERS");
    expect(refusal({ BATON_ENGINE_WORKERS: "2" })).toContain("needs DATABASE_URL");
  });

  it("a CLI command names the variable and exits 2, with no stack trace", async () => {
    const saved = { url: process.env.DATABASE_URL, n: process.env.BATON_ENGINE_WORKERS };
    delete process.env.DATABASE_URL;
    process.env.BATON_ENGINE_WORKERS = "2";
    const lines: string[] = [];
    try {
      expect(await runCli(["engine", "run-once"], (l) => lines.push(l))).toBe(2);
    } finally {
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
      if (saved.n === undefined) delete process.env.BATON_ENGINE_WORKERS;
      else process.env.BATON_ENGINE_WORKERS = saved.n;
    }
    expect(lines).toEqual([
      expect.stringMatching(/^baton engine run-once: BATON_ENGINE_WORKERS=2 needs DATABASE_URL/),
    ]);
  });
});

describeMultiConnection("the server's engine with three workers", () => {
  let database: Database;
  let own: Awaited<ReturnType<typeof ownServerDatabase>> | undefined;
  afterAll(async () => {
    await database?.close();
    await own?.drop();
  });

  it("claims under three names, sends every step once, and holds no lease after it stops", async () => {
    // a database of its own: the workers claim due work across all tenants
    own = await ownServerDatabase("srvwork");
    database = await openDatabase({ url: own.url, poolSize: 14 });
    const env = {
      DATABASE_URL: URL,
      BATON_ENGINE_WORKERS: "3",
      BATON_ENGINE_TICK_MS: "50",
      BATON_DEMO: "false",
    };
    const instruments = createInstruments(database);
    const deps = buildAppDeps({ database, config: loadConfig(env), now: () => new Date(), ...instruments });
    const t = await createTenant(database.db, "srvwork");
    const now = new Date();
    const c = await oneStepNurture(database.db, t.revops, "srvwork_nurture", now);
    await dueEnrollments(database.db, t.clientId, c.id, STEPS, "Worker", now);

    const stop = await startEngineJob(deps);
    const claimants = new Set<string>();
    const sent = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from dev_email_outbox where client_id = ${t.clientId}`.execute(
          database.db,
        )
      ).rows[0].n;
    try {
      for (let i = 0; i < 600; i++) {
        // a step's claim is a row lock (issue 39 item 3), and so is a send's: the transaction names
        // the worker in pg_stat_activity while it holds them
        const who = await sql<{ by: string }>`
          select distinct claimed_by as by from sales_send_queue
           where client_id = ${t.clientId} and claimed_by is not null`.execute(database.db);
        for (const w of await stepWorkers(database.db, "%")) claimants.add(w);
        for (const w of who.rows) claimants.add(w.by);
        if ((await sent()) >= STEPS) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await stop();
    }
    expect(await sent()).toBe(STEPS);
    const once = await sql<{ n: number }>`
      select count(*)::int as n from (select to_address from dev_email_outbox where client_id = ${t.clientId}
                                       group by to_address having count(*) > 1) d`.execute(database.db);
    expect(once.rows[0].n).toBe(0); // nobody emailed twice
    const names = [...claimants];
    expect(
      names.every((w) => new RegExp(`^server-${process.pid}-[123]$`).test(w)),
      names.join(),
    ).toBe(true);
    expect(claimants.size).toBeGreaterThanOrEqual(2);
    const held = await sql<{ n: number }>`
      select (select count(*) from campaign_contacts where client_id = ${t.clientId} and claimed_by is not null)
           + (select count(*) from sales_send_queue where client_id = ${t.clientId} and claimed_by is not null) as n`.execute(
      database.db,
    );
    expect(Number(held.rows[0].n)).toBe(0);
  }, 120_000);
});
