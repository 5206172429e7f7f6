// "Send me a test" is 5 per person per 10 minutes across processes (0395, takeTestSend): ten takes
// of one person at once, on ten connections, grant exactly five; another person's five are their own.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { takeTestSend } from "../../src/engine/test-send-step.ts";
import type { BatonError } from "../../src/errors/baton-error.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";

describeMultiConnection("test sends racing for one person's limit", () => {
  let d: Database;
  beforeAll(async () => {
    d = await serverDatabase(12);
  });
  afterAll(async () => d?.close());

  it("grants exactly 5 of 10 concurrent takes, and 5 to another person", async () => {
    const t = await createTenant(d.db, "tsrace");
    const now = new Date("2026-11-27T09:00:00Z");
    const race = async (p: typeof t.revops) =>
      Promise.allSettled(Array.from({ length: 10 }, () => takeTestSend(d.db, p, now)));
    const [mine, theirs] = await Promise.all([race(t.revops), race(t.revops2)]);
    for (const results of [mine, theirs]) {
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(refused).toHaveLength(5);
      for (const r of refused) expect((r.reason as BatonError).code).toBe("RATE_LIMITED");
    }
    const rows = await d.db
      .selectFrom("test_send_takes")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .execute();
    expect(rows).toHaveLength(10);
  });
});
