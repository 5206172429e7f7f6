// Issue 15 "Must show": erasure on PostgreSQL (and on PGlite): nothing of the person is left in any
// text or jsonb column of any table, re-importing them is refused, and their account's caps stay.
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { serverDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { erasureScenario } from "./erasure-scenario.ts";

describe("erasure (PGlite)", () => {
  let d: Database;
  beforeAll(async () => {
    d = await testDatabase();
  });
  afterAll(async () => d?.close());
  it("erases a contact with touches, drafts, replies and CRM writes everywhere", async () => {
    await erasureScenario(d.db);
  }, 120_000);
});

describeMultiConnection("erasure (PostgreSQL)", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(4);
  });
  afterAll(async () => d?.close());
  it("erases a contact with touches, drafts, replies and CRM writes everywhere", async () => {
    await erasureScenario(d.db);
  }, 180_000);
});
