// Issue 36 item 15: rate limits in the database. A JSON-RPC batch of MCP calls costs one token per
// call; the buckets are rows every process sees, so two servers on one database allow one limit;
// the SQL takes exactly what the pure takeToken takes.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseRateLimiter, type RateLimitConfig, takeToken } from "../../src/agents/rate-limit.ts";
import type { BatonApp } from "../../src/api/context.ts";
import type { Database } from "../../src/db/connect.ts";
import { ownServerTestDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { countingApp } from "./idempotency-support.ts";

const SLOW = { burst: 5, perSecond: 0.001 };
const mcp = (app: BatonApp, auth: { authorization: string }, payload: unknown) =>
  app.inject({
    method: "POST",
    url: "/mcp",
    headers: { ...auth, accept: "application/json, text/event-stream" },
    payload: payload as object,
  });
const list = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/list" });
const me = (app: BatonApp, auth: { authorization: string }) =>
  app.inject({ method: "GET", url: "/api/v1/me", headers: auth });

describe("rate limits in the database (PGlite)", () => {
  let database: Database;
  let app: BatonApp;
  let t: Tenant;
  beforeAll(async () => {
    database = await testDatabase();
    ({ app } = await countingApp(database, { rateLimit: SLOW }));
    t = await createTenant(database.db);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it("an MCP batch costs one token per call", async () => {
    const big = await mcp(
      app,
      t.agt901.auth,
      Array.from({ length: 10 }, (_, i) => list(i + 1)),
    );
    expect(big.statusCode).toBe(429);
    expect(big.json().error.code).toBe("RATE_LIMITED");
    expect(Number(big.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // the refused batch took the POST's token only: 4 left
    const three = await mcp(app, t.agt902.auth, [list(1), list(2), list(3)]);
    expect(three.statusCode).toBe(200);
    expect(three.json()).toHaveLength(3);
    expect((await me(app, t.agt902.auth)).statusCode).toBe(200);
    expect((await me(app, t.agt902.auth)).statusCode).toBe(200);
    expect((await me(app, t.agt902.auth)).statusCode).toBe(429);
  });

  it("takes exactly what takeToken takes (property, injected clock)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 1500 }), cost: fc.integer({ min: 1, max: 4 }) }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        async (burst, perSecond, steps) => {
          const cfg: RateLimitConfig = { burst, perSecond };
          const who = n++ % 2 === 0 ? t.rep : t.exec;
          await database.db
            .deleteFrom("rate_limit_buckets")
            .where("principal_id", "=", who.principalId)
            .execute();
          let at = Date.parse("2026-11-25T00:00:00Z");
          const limiter = databaseRateLimiter(database.db, cfg, () => new Date(at));
          let bucket: ReturnType<typeof takeToken>["bucket"] | undefined;
          for (const s of steps) {
            at += s.gap;
            const pure = takeToken(bucket, at, cfg, s.cost);
            bucket = pure.bucket;
            expect(await limiter.take(who, s.cost)).toEqual(pure.decision);
          }
        },
      ),
      { numRuns: 40, seed: 15 },
    );
  });

  it("costs one statement: figures", async () => {
    const limiter = databaseRateLimiter(database.db, { burst: 1_000_000, perSecond: 1 }, () => new Date());
    const started = performance.now();
    for (let i = 0; i < 500; i++) await limiter.take(t.slm);
    const take = (performance.now() - started) / 500;
    const s2 = performance.now();
    for (let i = 0; i < 500; i++)
      await database.db.selectFrom("clients").select("client_id").limit(1).execute();
    const select = (performance.now() - s2) / 500;
    console.log(`PGlite: ${take.toFixed(3)} ms per take, ${select.toFixed(3)} ms per one-row select`);
  });
});

describeMultiConnection("rate limits shared by two servers on one PostgreSQL database", () => {
  let database: Database & { url: string };
  let a: BatonApp;
  let b: BatonApp;
  let t: Tenant;
  beforeAll(async () => {
    database = await ownServerTestDatabase("ratelimit");
    const cfg = { rateLimit: { burst: 10, perSecond: 0.001 } };
    // two app instances, each with its own connection pool, as two servers
    ({ app: a } = await countingApp(database, cfg));
    const second = await ownServerPool(database.url);
    secondDb = second;
    ({ app: b } = await countingApp(second, cfg));
    t = await createTenant(database.db);
  });
  let secondDb: Database;
  afterAll(async () => {
    await a.close();
    await b.close();
    await secondDb.close();
    await database.close();
  });

  it("allows the limit once across both, under concurrency", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => me(i % 2 === 0 ? a : b, t.agt301.auth).then((r) => r.statusCode)),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(10);
    expect(results.filter((s) => s === 429)).toHaveLength(30);
    // each server alone would have allowed 10 (per-process buckets allowed 20)
    expect((await me(a, t.agt301.auth)).statusCode).toBe(429);
    expect((await me(b, t.agt301.auth)).statusCode).toBe(429);
    expect((await me(b, t.agt304.auth)).statusCode).toBe(200);
  });

  it("counts an MCP batch on one server against the other's requests", async () => {
    const batch = await mcp(
      a,
      t.agt902.auth,
      Array.from({ length: 8 }, (_, i) => list(i + 1)),
    );
    expect(batch.statusCode).toBe(200);
    expect((await me(b, t.agt902.auth)).statusCode).toBe(200);
    expect((await me(b, t.agt902.auth)).statusCode).toBe(200);
    expect((await me(b, t.agt902.auth)).statusCode).toBe(429);
  });

  it("costs one statement: figures", async () => {
    const limiter = databaseRateLimiter(database.db, { burst: 1_000_000, perSecond: 1 }, () => new Date());
    const started = performance.now();
    for (let i = 0; i < 500; i++) await limiter.take(t.slm);
    const take = (performance.now() - started) / 500;
    const s2 = performance.now();
    for (let i = 0; i < 500; i++)
      await database.db.selectFrom("clients").select("client_id").limit(1).execute();
    const select = (performance.now() - s2) / 500;
    console.log(`PostgreSQL: ${take.toFixed(3)} ms per take, ${select.toFixed(3)} ms per one-row select`);
  });
});

async function ownServerPool(url: string): Promise<Database> {
  const { openDatabase } = await import("../../src/db/connect.ts");
  return openDatabase({ url, poolSize: 10 });
}
