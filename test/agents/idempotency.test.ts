import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpiredKeys } from "../../src/agents/idempotency.ts";
import type { AppDeps, BatonApp } from "../../src/api/context.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { countingApp, countWrites, WRITE_URL } from "./idempotency-support.ts";

let database: Database;
let app: BatonApp;
let deps: AppDeps;
let clock: { now: Date | null };

beforeAll(async () => {
  database = await testDatabase();
  ({ app, deps, clock } = await countingApp(database));
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const post = (t: Tenant["agt901"], body: unknown, key?: string) =>
  app.inject({
    method: "POST",
    url: WRITE_URL,
    headers: { ...t.auth, ...(key ? { "idempotency-key": key } : {}) },
    payload: body as any,
  });

describe("Idempotency-Key over HTTP", () => {
  it("a retry returns the first result (status and body) and does not write twice", async () => {
    const t = await createTenant(database.db);
    const first = await post(t.agt901, { name: "one" }, "k-1");
    expect(first.statusCode).toBe(201);
    const again = await post(t.agt901, { name: "one" }, "k-1");
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(await countWrites(database, t.clientId)).toBe(1);
    // without a key every call writes
    await post(t.agt901, { name: "one" });
    await post(t.agt901, { name: "one" });
    expect(await countWrites(database, t.clientId)).toBe(3);
  });

  it("50 concurrent retries with one key produce one write", async () => {
    const t = await createTenant(database.db);
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => post(t.agt901, { name: "x" }, "burst")),
    );
    expect(replies.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    expect(new Set(replies.map((r) => r.json().segment)).size).toBe(1);
    expect(await countWrites(database, t.clientId)).toBe(1);
  });

  it("the same key with a different body is IDEMPOTENCY_KEY_REUSED, with the actionable error", async () => {
    const t = await createTenant(database.db);
    await post(t.agt901, { name: "a" }, "k-2");
    const r = await post(t.agt901, { name: "b" }, "k-2");
    expect(r.statusCode).toBe(422);
    const { error } = r.json();
    expect(error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(error.rule).toMatch(/Idempotency-Key/);
    expect(error.next_action).toMatch(/new Idempotency-Key/);
    expect(error.facts.first_request).toBe(`POST ${WRITE_URL}`);
    expect(await countWrites(database, t.clientId)).toBe(1);
  });

  it("keys are per principal: another principal's same key is a new request", async () => {
    const t = await createTenant(database.db);
    await post(t.agt901, { name: "a" }, "shared");
    const other = await post(t.agt902, { name: "a" }, "shared");
    expect(other.statusCode).toBe(201);
    expect(other.headers["idempotent-replayed"]).toBeUndefined();
    expect(await countWrites(database, t.clientId)).toBe(2);
  });

  it("a refusal (4xx) is replayed; a crash (5xx) releases the key so a retry runs again", async () => {
    const t = await createTenant(database.db);
    const refused = await post(t.agt901, { name: "a", fail: "refuse" }, "k-4xx");
    expect(refused.statusCode).toBe(404);
    const again = await post(t.agt901, { name: "a", fail: "refuse" }, "k-4xx");
    expect(again.statusCode).toBe(404);
    expect(again.headers["idempotent-replayed"]).toBe("true");

    const crashed = await post(t.agt901, { name: "a", fail: "crash" }, "k-5xx");
    expect(crashed.statusCode).toBe(500);
    const rows = await database.db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("client_id", "=", t.clientId)
      .where("idem_key", "=", "k-5xx")
      .execute();
    expect(rows).toEqual([]);
  });

  it("keys expire after 24 h: then the key names a new request", async () => {
    const t = await createTenant(database.db);
    clock.now = new Date("2026-03-02T10:00:00Z");
    try {
      await post(t.agt901, { name: "a" }, "k-ttl");
      clock.now = new Date("2026-03-03T09:59:00Z");
      expect((await post(t.agt901, { name: "other" }, "k-ttl")).statusCode).toBe(422);
      clock.now = new Date("2026-03-03T10:00:01Z");
      const fresh = await post(t.agt901, { name: "other" }, "k-ttl");
      expect(fresh.statusCode).toBe(201);
      expect(fresh.headers["idempotent-replayed"]).toBeUndefined();
      expect(await countWrites(database, t.clientId)).toBe(2);
    } finally {
      clock.now = null;
    }
  });

  it("rejects a malformed key with VALIDATION_FAILED", async () => {
    const t = await createTenant(database.db);
    const r = await post(t.agt901, { name: "a" }, "has space");
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe("VALIDATION_FAILED");
    expect(deps.config.idempotencyWaitMs).toBeGreaterThan(0);
  });

  it("the OpenAPI document lists Idempotency-Key on write routes", async () => {
    const doc = app.swagger() as any;
    const params = doc.paths[WRITE_URL].post.parameters as { name: string; in: string }[];
    expect(params).toContainEqual(expect.objectContaining({ name: "idempotency-key", in: "header" }));
  });
});

describe("expired keys", () => {
  it("are purged after 24 h; live keys stay", async () => {
    const t = await createTenant(database.db);
    clock.now = new Date("2026-04-01T00:00:00Z");
    try {
      await post(t.agt901, { name: "a" }, "old");
      clock.now = new Date("2026-04-01T20:00:00Z");
      await post(t.agt901, { name: "b" }, "young");
      const purged = await purgeExpiredKeys(database.db, new Date("2026-04-02T00:00:01Z"));
      expect(purged).toBeGreaterThanOrEqual(1);
      const left = await database.db
        .selectFrom("idempotency_keys")
        .select("idem_key")
        .where("client_id", "=", t.clientId)
        .execute();
      expect(left.map((r) => r.idem_key)).toEqual(["young"]);
    } finally {
      clock.now = null;
    }
  });
});
