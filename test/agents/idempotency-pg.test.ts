// 50 concurrent HTTP retries with one key against a listening server on PostgreSQL: many
// connections race for the key; exactly one runs the write.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BatonApp } from "../../src/api/context.ts";
import type { Database } from "../../src/db/connect.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant } from "../support/tenant.ts";
import { countingApp, countWrites, WRITE_URL } from "./idempotency-support.ts";

describeMultiConnection("Idempotency-Key under concurrent HTTP retries", () => {
  let database: Database;
  let app: BatonApp;
  let url: string;

  beforeAll(async () => {
    database = await serverDatabase(20);
    ({ app } = await countingApp(database));
    url = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it("50 concurrent retries with one key produce one write and 50 identical answers", async () => {
    const t = await createTenant(database.db);
    const send = () =>
      fetch(`${url}${WRITE_URL}`, {
        method: "POST",
        headers: { ...t.sales.auth, "content-type": "application/json", "idempotency-key": "pg-burst" },
        body: JSON.stringify({ name: "once" }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const replies = await Promise.all(Array.from({ length: 50 }, send));
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(replies.map((r) => r.body.segment)).size).toBe(1);
    expect(await countWrites(database, t.clientId)).toBe(1);
  });

  it("different keys from one principal all write (no false sharing)", async () => {
    const t = await createTenant(database.db);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${url}${WRITE_URL}`, {
          method: "POST",
          headers: { ...t.sales.auth, "content-type": "application/json", "idempotency-key": `k-${i}` },
          body: JSON.stringify({ name: `n${i}` }),
        }),
      ),
    );
    expect(replies.every((r) => r.status === 201)).toBe(true);
    expect(await countWrites(database, t.clientId)).toBe(20);
  });
});
