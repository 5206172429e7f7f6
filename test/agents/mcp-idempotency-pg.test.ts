// On PostgreSQL with a listening server: 50 concurrent retries with one key, over the real plays
// route and over /mcp, each produce one play.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/connect.ts";
import { playDraft, seedSegment } from "../mcp/mcp-fixtures.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { serverDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

describeMultiConnection("Idempotency-Key on real writes (plays API and /mcp)", () => {
  let database: Database;
  let h: TestApp;
  let url: string;
  let t: Tenant;

  beforeAll(async () => {
    database = await serverDatabase(20);
    h = await testApp(database);
    url = await h.app.listen({ host: "127.0.0.1", port: 0 });
    t = await createTenant(database.db);
    await seedSegment(database.db, t.clientId);
  });
  afterAll(async () => {
    await h?.close();
    await database?.close();
  });

  const count = async (name: string) =>
    (
      await database.db
        .selectFrom("plays")
        .select("play_id")
        .where("client_id", "=", t.clientId)
        .where("name", "=", name)
        .execute()
    ).length;

  it("POST /api/v1/plays: 50 concurrent retries with one key draft one play", async () => {
    const body = JSON.stringify(playDraft({ name: "PG HTTP fifty" }));
    const replies = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${url}/api/v1/plays`, {
          method: "POST",
          headers: { ...t.agt901.auth, "content-type": "application/json", "idempotency-key": "pg-plays" },
          body,
        }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(replies.map((r) => r.body.play_id)).size).toBe(1);
    expect(await count("PG HTTP fifty")).toBe(1);
  });

  it("/mcp: 50 concurrent draft_play calls with one idempotency_key draft one play", async () => {
    const client = new Client({ name: "pg-test", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${t.agt902.token}` } },
      }),
    );
    try {
      const args = { ...playDraft({ name: "PG MCP fifty" }), idempotency_key: "pg-mcp" };
      const results = await Promise.all(
        Array.from({ length: 50 }, () => client.callTool({ name: "draft_play", arguments: args })),
      );
      expect(results.every((r) => !r.isError)).toBe(true);
      expect(new Set(results.map((r) => (r.structuredContent as any).play_id)).size).toBe(1);
      expect(await count("PG MCP fifty")).toBe(1);
    } finally {
      await client.close();
    }
  });
});
