// Issue 38: each agent role does its whole job through the official MCP SDK client over
// Streamable HTTP (/mcp), one listening server for the file. The same jobs run over stdio in
// mcp-roles-stdio.test.ts.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant } from "../support/tenant.ts";
import { brainJob, marketingJob, type RoleWorld, readerJob, salesJob, seedRoleWorld } from "./role-jobs.ts";
import { calledTools } from "./tool-outputs.ts";

let h: TestApp;
let url: string;
let w: RoleWorld;
const clients: Client[] = [];

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: "baton-roles-http", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

beforeAll(async () => {
  h = await testApp();
  url = await h.app.listen({ host: "127.0.0.1", port: 0 });
  w = await seedRoleWorld(h.database, await createTenant(h.database.db));
}, 120_000);
afterAll(async () => {
  for (const c of clients) await c.close();
  await h.close();
});

describe("each agent role's whole job over MCP Streamable HTTP", () => {
  it("brain agent (AGT-901): figures, draft, revise, fate; refused approve_play", async () => {
    await brainJob(await connect(w.t.agt901.token), w);
  });
  it("sales agent (AGT-401): campaigns, enroll, draft and submit touches, replies, pause/resume/exit; refused draft_play", async () => {
    await salesJob(await connect(w.t.sales.token), w);
  });
  it("marketing agent (AGT-304): nurture requests and why they were blocked or queued; refused resolve_flag", async () => {
    await marketingJob(await connect(w.t.agt304.token), w);
  });
  it("coordinator reader (AGT-303): event log by prospect, play, proposal, reason; flags; refused draft_play", async () => {
    await readerJob(await connect(w.agt303Token), w);
  });
  it("the four jobs called every tool, and each result matched the tool's output schema", () => {
    expect(batonTools.map((t) => t.name).filter((n) => !calledTools.has(n))).toEqual([]);
  });
});
