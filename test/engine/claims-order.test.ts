// The engine's claims take rows in a stated order (migration 0180): the earliest due first, and
// among rows due at the same instant the smallest id, whatever order the table holds them in. The
// simulation's report depended on that order (docs/performance-journal.md 0h): which of the rows tied on
// their time a pass took decided whose touch the caps counted first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { lockDueEnrollments } from "../../src/engine/due-steps.ts";
import type { EngineDeps } from "../../src/engine/engine-deps.ts";
import { runDueSteps } from "../../src/engine/execute-step.ts";
import { claimDueSends } from "../../src/engine/send-approved.ts";
import { testDatabase } from "../support/db.ts";
import { oneStepTenant } from "./engine-harness.ts";

const T0 = new Date("2026-06-01T09:00:00Z");
const LATER = new Date("2026-06-01T10:00:00Z");

describe("claims among rows due at the same instant", () => {
  let database: Database;
  let deps: EngineDeps;
  let enrollments: string[];
  beforeAll(async () => {
    database = await testDatabase();
    let enroll: (name: string) => Promise<string>;
    ({ deps, enroll } = await oneStepTenant(database, "cord", T0));
    enrollments = [];
    for (let i = 0; i < 20; i++) enrollments.push(await enroll(`Tied ${i}`));
    // all due at one instant; written in descending id order, so the table's order is not the ids'
    for (const id of [...enrollments].sort().reverse())
      await database.db
        .updateTable("campaign_contacts")
        .set({ next_send_at: T0, updated_at: T0 })
        .where("id", "=", id)
        .execute();
  });
  afterAll(() => database.close());

  it("take the smallest ids first, due steps and due sends alike", async () => {
    const opts = { workerId: "w1", batch: 3, leaseMs: 60_000 };
    const clientId = (
      await database.db
        .selectFrom("campaign_contacts")
        .select("client_id")
        .where("id", "=", enrollments[0])
        .executeTakeFirstOrThrow()
    ).client_id;
    // a step's claim is its row lock (issue 39 item 3), taken in the same stated order
    const steps = await database.db.transaction().execute((tx) => lockDueEnrollments(tx, clientId, LATER, 3));
    expect(steps.map((c) => c.id).sort()).toEqual([...enrollments].sort().slice(0, 3));

    // every step executed: twenty approved items, all due at T0
    const out = await runDueSteps(deps, LATER, { workerId: "w1", batch: 100 });
    expect(out.filter((r) => "error" in r)).toEqual([]);
    const items = await database.db
      .updateTable("sales_send_queue")
      .set({ scheduled_at: T0 })
      .where("enrollment_id", "in", enrollments)
      .where("status", "=", "approved")
      .returning("id")
      .execute();
    expect(items).toHaveLength(20);
    const sends = await claimDueSends(database.db, LATER, opts);
    expect(sends.map((c) => c.id).sort()).toEqual(
      items
        .map((i) => i.id)
        .sort()
        .slice(0, 3),
    );
  });
});
