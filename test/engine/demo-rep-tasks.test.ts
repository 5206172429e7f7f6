// Issue 60 item 4: a fresh demo gives the rep a day's tasks. seedDemo leaves the rep 30 LinkedIn
// tasks due by now across the spec campaigns, each with its prospect, company, campaign name and
// profile link; seeding again adds none; and every one can be done (each prospect's only touch of
// the day, so the coordinator lets each through).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/auth/principal.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { DEMO_CLIENT } from "../../src/demo/demo-principals.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { DEMO_TASK_COUNT } from "../../src/demo/seed-rep-tasks.ts";
import { defaultEngineDeps } from "../../src/engine/default-engine-deps.ts";
import { listRepTaskQueue } from "../../src/engine/rep-task-queue.ts";
import { completeRepTasks } from "../../src/engine/rep-tasks.ts";
import { isBatonError } from "../../src/errors/baton-error.ts";
import { testDatabase } from "../support/db.ts";

describe("the demo rep's day of tasks", () => {
  let database: Database;
  let rep: Principal;
  const now = new Date();
  beforeAll(async () => {
    database = await testDatabase();
    await seedDemo(database.db, now);
    const row = await database.db
      .selectFrom("principals")
      .select("principal_id")
      .where("client_id", "=", DEMO_CLIENT)
      .where("email", "=", "tara@demo.test")
      .executeTakeFirstOrThrow();
    rep = {
      principalId: row.principal_id,
      clientId: DEMO_CLIENT,
      kind: "person",
      displayName: "Tara Rep",
      roles: ["rep"],
      agentId: null,
    };
  }, 300_000);
  afterAll(async () => database?.close());

  it("leaves the rep 30 LinkedIn tasks due today across campaigns; seeding again adds none", async () => {
    const page = await listRepTaskQueue(database.db, rep, { limit: 100 }, now);
    expect(page.items).toHaveLength(DEMO_TASK_COUNT);
    expect(new Set(page.items.map((t) => t.campaign_name)).size).toBe(3);
    for (const t of page.items) {
      expect(t).toMatchObject({ kind: "linkedin_touch", channel: "linkedin", step_number: 2 });
      expect(t.company_name).toBeTruthy();
      expect(t.linkedin_url).toMatch(/^https:\/\/www\.linkedin\.com\/in\//);
      // due over the past four hours: today's work, none of it in the future
      expect(now.getTime() - t.due_at.getTime()).toBeLessThanOrEqual(4 * 3_600_000);
      expect(t.due_at.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(t.body).not.toMatch(/[[\]{}]/);
    }
    await seedDemo(database.db, now);
    expect((await listRepTaskQueue(database.db, rep, { limit: 100 }, now)).items).toHaveLength(
      DEMO_TASK_COUNT,
    );
  });

  it("every task can be done: each is its prospect's one touch of the day", async () => {
    const deps = await defaultEngineDeps(database, { ...loadConfig({}), smtp: undefined, llm: undefined });
    const ids = (await listRepTaskQueue(database.db, rep, { limit: 100 }, now)).items.map((t) => t.id);
    const results = await completeRepTasks(deps, rep, ids, now);
    expect(results.filter(isBatonError).map((e) => e.code)).toEqual([]);
    expect((await listRepTaskQueue(database.db, rep, { limit: 100 }, now)).items).toHaveLength(0);
  });
});
