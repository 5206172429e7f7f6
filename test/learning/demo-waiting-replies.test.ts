// The demo's Replies page has work in it: the history's simulated team decides every reply that
// waits, so at its end three of its contacts still in a sequence answer in a person's words, read by
// the default classifier on the real path, and each waits for a person (src/demo/demo-waiting-replies.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/auth/principal.ts";
import { listTriage } from "../../src/campaigns/index.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { demoPerson, runDemoHistory } from "../../src/demo/demo-history.ts";
import { DEMO_WAITING_REPLIES, seedWaitingReplies } from "../../src/demo/demo-waiting-replies.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { testDatabase } from "../support/db.ts";

describe("demo history: replies that wait for a person at its end", () => {
  let database: Database;
  let revops: Principal;
  let rep: Principal;
  const person = async (email: string): Promise<Principal> => {
    const p = await demoPerson(database, email);
    if (!p) throw new Error(`no demo person ${email}`);
    return p;
  };
  beforeAll(async () => {
    database = await testDatabase();
    await seedDemo(database.db);
    revops = await person("riley@demo.test");
    rep = await person("tara@demo.test");
  }, 120_000);
  afterAll(async () => database?.close());

  const waiting = async () => (await listTriage(database.db, revops, { status: "pending", limit: 50 })).items;

  it("leaves the three replies waiting in triage, each with its words, and adds none when run again", async () => {
    const done = await runDemoHistory(database, { ...loadConfig({}), demo: true }, buildEngine, {
      days: 12,
      contacts: 48,
    });
    expect(done.ran).toBe(true);
    const items = await waiting();
    expect(items.map((i) => i.excerpt).sort()).toEqual([...DEMO_WAITING_REPLIES].sort());
    expect(items.every((i) => i.campaign !== null && i.enrollment_id !== null)).toBe(true);
    // the price question is not read as a yes in the reply's words
    const price = items.find((i) => i.excerpt === DEMO_WAITING_REPLIES[0])!;
    expect(price.reading.words).toMatch(
      /^Read as interest, with a question to answer .* a person answers it\.$/,
    );
    // a build resumed after a restart runs the step again: the Message-IDs keep one of each
    const again = await seedWaitingReplies(database.db, rep, new Date());
    expect(again).toHaveLength(3);
    expect(await waiting()).toHaveLength(3);
  }, 240_000);
});
