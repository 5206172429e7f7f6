import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatonApp } from "../../src/api/context.ts";
import { openApiDocument, renderClientSchema, SCHEMA_FILE } from "../../src/client/generate.ts";
import { createBatonClient } from "../../src/client/index.ts";
import type { Database } from "../../src/db/connect.ts";
import { countingApp, countWrites, WRITE_URL } from "../agents/idempotency-support.ts";
import { testDatabase } from "../support/db.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

describe("typed client", () => {
  it("the committed src/client/schema.ts matches the current OpenAPI document", async () => {
    const database = await testDatabase();
    const current = await renderClientSchema(await openApiDocument(database)).finally(() => database.close());
    const committed = fs.readFileSync(SCHEMA_FILE, "utf8");
    if (committed !== current) {
      throw new Error(
        "src/client/schema.ts and the OpenAPI document have drifted apart: run npm run client:generate",
      );
    }
  }, 60_000);

  describe("against an app", () => {
    let database: Database;
    let app: BatonApp;
    let t: Tenant;
    const inject = (app: BatonApp) => async (req: Request) => {
      const r = await app.inject({
        method: req.method as any,
        url: new URL(req.url).pathname + new URL(req.url).search,
        headers: Object.fromEntries(req.headers.entries()),
        payload: req.body ? await req.text() : undefined,
      });
      return new Response(r.statusCode === 204 ? null : r.body, {
        status: r.statusCode,
        headers: r.headers as Record<string, string>,
      });
    };

    beforeAll(async () => {
      database = await testDatabase();
      ({ app } = await countingApp(database, { rateLimit: { burst: 2, perSecond: 1000 } }));
      t = await createTenant(database.db);
    });
    afterAll(async () => {
      await app.close();
      await database.close();
    });

    it("sends the bearer token and returns typed data", async () => {
      const client = createBatonClient({
        baseUrl: "http://baton.test",
        token: t.sales.token,
        fetch: inject(app),
      });
      const { data, error } = await client.GET("/api/v1/me");
      expect(error).toBeUndefined();
      expect(data?.agent_id).toBe("AGT-401");
    });

    it("a write carries one Idempotency-Key across its retries (429 then success writes once)", async () => {
      const seen: string[] = [];
      let calls = 0;
      const flaky = async (req: Request) => {
        calls++;
        seen.push(req.headers.get("idempotency-key") ?? "");
        const r = await inject(app)(req);
        // the first answer is lost on the way back: the client must retry with the same key
        if (calls === 1) return new Response("{}", { status: 503 });
        return r;
      };
      const client = createBatonClient({ baseUrl: "http://baton.test", token: t.agt301.token, fetch: flaky });
      const res = await (client as any).POST(WRITE_URL, { body: { name: "once" } });
      expect(res.response.status).toBe(201);
      expect(res.response.headers.get("idempotent-replayed")).toBe("true");
      expect(new Set(seen).size).toBe(1);
      expect(seen[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(await countWrites(database, t.clientId)).toBe(1);
    });
  });
});
