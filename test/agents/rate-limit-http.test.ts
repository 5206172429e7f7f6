import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatonApp } from "../../src/api/context.ts";
import type { Database } from "../../src/db/connect.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { countingApp } from "./idempotency-support.ts";

let database: Database;
let app: BatonApp;
let t: Tenant;

beforeAll(async () => {
  database = await testDatabase();
  // a tiny bucket that refills in 1000 s per token, so the test never depends on timing
  ({ app } = await countingApp(database, { rateLimit: { burst: 5, perSecond: 0.001 } }));
  t = await createTenant(database.db);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const me = (auth: { authorization: string }) =>
  app.inject({ method: "GET", url: "/api/v1/me", headers: auth });

describe("rate limits per principal", () => {
  it("a runaway principal gets 429 with Retry-After and the RATE_LIMITED body; others are not limited", async () => {
    const codes: number[] = [];
    let limited: Awaited<ReturnType<typeof me>> | undefined;
    for (let i = 0; i < 8; i++) {
      const r = await me(t.agt301.auth);
      codes.push(r.statusCode);
      if (r.statusCode === 429) limited ??= r;
    }
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(codes.slice(5)).toEqual([429, 429, 429]);
    expect(Number(limited!.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    const { error } = limited!.json();
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, rule: "rate limits per principal" });
    expect(error.facts.retry_after_s).toBe(Number(limited!.headers["retry-after"]));
    expect(error.next_action).toMatch(/Retry-After/);

    // another agent of the same tenant is unaffected
    expect((await me(t.agt304.auth)).statusCode).toBe(200);
  });

  it("/mcp shares the principal's bucket: a runaway agent's MCP POST is 429 with Retry-After", async () => {
    for (let i = 0; i < 5; i++) await me(t.agt902.auth);
    const r = await app.inject({
      method: "POST",
      url: "/mcp",
      headers: { ...t.agt902.auth, accept: "application/json, text/event-stream" },
      payload: { jsonrpc: "2.0", id: 1, method: "tools/list" },
    });
    expect(r.statusCode).toBe(429);
    expect(Number(r.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(r.json().error.code).toBe("RATE_LIMITED");
  });

  it("public routes and unauthenticated calls are not counted against a principal", async () => {
    for (let i = 0; i < 10; i++) expect((await app.inject({ url: "/api/health" })).statusCode).toBe(200);
    expect((await me(t.rep.auth)).statusCode).toBe(200);
  });
});
