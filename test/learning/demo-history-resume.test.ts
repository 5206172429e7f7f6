// Issue 37 item 8: the demo's history is built in the background after the server listens, so a
// restart can interrupt it. The interrupted build is not taken for a complete one: the next run
// resumes at the first day not committed, makes no second set of contacts, and only then marks the
// history complete; a run after that adds nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { demoHistoryStatus, runDemoHistory } from "../../src/demo/demo-history.ts";
import { DEMO_CLIENT } from "../../src/demo/demo-principals.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { testDatabase } from "../support/db.ts";

const DAYS = 14;
const CONTACTS = 12;

describe("demo history: a restart during the build", () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
    await seedDemo(database.db);
  }, 120_000);
  afterAll(async () => database?.close());

  const historyContacts = async () =>
    (
      await database.db
        .selectFrom("contacts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("client_id", "=", DEMO_CLIENT)
        .where("email", "like", "history.%")
        .executeTakeFirstOrThrow()
    ).n;

  it("resumes where it stopped, and later runs add nothing", async () => {
    const config = loadConfig({});
    const now = new Date("2026-11-25T12:00:00Z");
    // the first build stops after day 5, as a SIGTERM between two engine passes does
    const stop = new AbortController();
    const first = runDemoHistory(database, config, buildEngine, {
      days: DAYS,
      contacts: CONTACTS,
      now,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.day === 5) stop.abort();
      },
    });
    await expect(first).rejects.toThrow();
    const half = await demoHistoryStatus(database.db, DEMO_CLIENT);
    expect(half).toEqual({ state: "building", days_done: 5, days: DAYS });
    expect(Number(await historyContacts())).toBe(CONTACTS);

    // the next start finishes it: the same contacts, the remaining days, then complete
    const days: number[] = [];
    const second = await runDemoHistory(database, config, buildEngine, {
      days: DAYS,
      contacts: CONTACTS,
      now,
      onProgress: (p) => days.push(p.day),
    });
    expect(second.ran).toBe(true);
    expect(days[0]).toBe(6);
    expect(days.at(-1)).toBe(DAYS);
    expect(await demoHistoryStatus(database.db, DEMO_CLIENT)).toEqual({
      state: "done",
      days_done: DAYS,
      days: DAYS,
    });
    expect(Number(await historyContacts())).toBe(CONTACTS);
    const touches = await database.db
      .selectFrom("cadence_event_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", DEMO_CLIENT)
      .where("event_type", "=", "touch")
      .executeTakeFirstOrThrow();
    expect(Number(touches.n)).toBeGreaterThan(0);

    // a later start: complete, nothing added
    const third = await runDemoHistory(database, config, buildEngine, {
      days: DAYS,
      contacts: CONTACTS,
      now,
    });
    expect(third.ran).toBe(false);
    expect(Number(await historyContacts())).toBe(CONTACTS);
  }, 600_000);
});
