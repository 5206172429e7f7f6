// Issue 36 item 7: `baton mcp` (stdio) resolved its token once at start and kept answering after the
// token was revoked or expired. The token is now checked on every request, as HTTP does: in the
// server (in process, over the SDK's in-memory transport) and through the real CLI on PostgreSQL,
// where the test can revoke the token while the child process holds its session.
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMcpServer } from "../../src/agents/mcp/server.ts";
import type { AppDeps } from "../../src/api/context.ts";
import { authenticate, issueToken } from "../../src/auth/tokens.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { ownServerTestDatabase, testDatabase } from "../support/db.ts";
import { describeMultiConnection } from "../support/multi.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";
import { structured } from "./mcp-fixtures.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

async function revoke(database: Database, token: string, at = new Date()) {
  await database.db.updateTable("api_tokens").set({ revoked_at: at }).where("label", "=", token).execute();
}

describe("the MCP server checks the token on every request", () => {
  let database: Database;
  let t: Tenant;
  beforeAll(async () => {
    database = await testDatabase();
    t = await createTenant(database.db);
  });
  afterAll(() => database.close());

  async function session(token: string, clock: { now: Date }) {
    const config = { ...loadConfig({}), demo: false };
    const deps: Pick<AppDeps, "db" | "engine" | "config"> = {
      db: database.db,
      engine: () => buildEngine(database, config),
      config,
    };
    const principal = await authenticate(database.db, token, clock.now);
    const server = createMcpServer(
      { ...deps, principal, now: () => clock.now },
      { authenticate: () => authenticate(database.db, token, clock.now) },
    );
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: "t", version: "1" });
    await client.connect(b);
    return client;
  }

  it("refuses the next call once the token is revoked", async () => {
    const token = await issueToken(database.db, t.clientId, t.agt901.principalId, "mcp-revoked");
    const client = await session(token, { now: new Date() });
    const ok = await client.callTool({ name: "list_my_drafts", arguments: {} });
    expect(ok.isError).toBeFalsy();
    await revoke(database, "mcp-revoked");
    const refused = await client.callTool({ name: "list_my_drafts", arguments: {} });
    expect(refused.isError).toBe(true);
    expect(structured(refused).error.code).toBe("TOKEN_REVOKED");
    await expect(client.listTools()).rejects.toThrow(/revoked/i);
    await client.close();
  });

  it("refuses the next call once the token has expired", async () => {
    const clock = { now: new Date() };
    const token = await issueToken(
      database.db,
      t.clientId,
      t.agt901.principalId,
      "mcp-expiring",
      undefined,
      new Date(clock.now.getTime() + 60_000),
    );
    const client = await session(token, clock);
    expect((await client.callTool({ name: "list_my_drafts", arguments: {} })).isError).toBeFalsy();
    clock.now = new Date(clock.now.getTime() + 120_000);
    const refused = await client.callTool({ name: "list_my_drafts", arguments: {} });
    expect(structured(refused).error.code).toBe("TOKEN_EXPIRED");
    await client.close();
  });
});

describeMultiConnection("baton mcp over stdio: a token revoked mid-session", () => {
  let database: Database & { url: string };
  let t: Tenant;
  beforeAll(async () => {
    database = await ownServerTestDatabase("mcprevoke");
    t = await createTenant(database.db);
  });
  afterAll(() => database.close());

  it("answers until the token is revoked, then refuses", { timeout: 180_000 }, async () => {
    const token = await issueToken(database.db, t.clientId, t.agt901.principalId, "stdio-revoked");
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(ROOT, "bin/baton.js"), "mcp"],
      cwd: ROOT,
      env: {
        ...env,
        DATABASE_URL: database.url,
        BATON_DEMO: "false",
        BATON_TOKEN: token,
        LOG_LEVEL: "error",
      },
      stderr: "ignore",
    });
    const client = new Client({ name: "stdio-revoke", version: "1" });
    await client.connect(transport, { timeout: 120_000 });
    try {
      const ok = await client.callTool({ name: "list_my_drafts", arguments: {} }, undefined, {
        timeout: 60_000,
      });
      expect(ok.isError).toBeFalsy();
      await revoke(database, "stdio-revoked");
      const refused = await client.callTool({ name: "list_my_drafts", arguments: {} }, undefined, {
        timeout: 60_000,
      });
      expect(structured(refused).error.code).toBe("TOKEN_REVOKED");
    } finally {
      await client.close();
    }
  });
});
