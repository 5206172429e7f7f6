// Issue 38 item 2: agents draft in the demo. After the demo seed and its living history, the
// dreamborn campaign is drafted by external agents, so the demo BDR agent's token finds a drafting
// task to lease over MCP once the engine has run, and a RevOps choice of drafter survives a re-seed.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDemoHistory } from "../../src/demo/demo-history.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { DEMO_AGENT_DRAFTED_CAMPAIGN } from "../../src/demo/seed-drafters.ts";
import { buildEngine } from "../../src/runtime/engine.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { runEngine } from "./outreach-setup.ts";
import { call } from "./role-jobs.ts";

let h: TestApp;
let client: Client;

beforeAll(async () => {
  h = await testApp();
  await seedDemo(h.database.db);
  const history = await runDemoHistory(h.database, h.deps.config, buildEngine, { days: 14, contacts: 8 });
  expect(history.ran).toBe(true);
  await runEngine(h.database, new Date());
  const url = await h.app.listen({ host: "127.0.0.1", port: 0 });
  client = new Client({ name: "demo-agent", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: "Bearer bt_demo_bdr" } },
    }),
  );
  await client.listTools();
}, 300_000);
afterAll(async () => {
  await client?.close();
  await h.close();
});

describe("agents draft in the demo", () => {
  it("the demo BDR agent leases a dreamborn drafting task and submits its draft", async () => {
    const tasks = await call(client, "list_drafting_tasks");
    const task = tasks.items.find(
      (x: { input: { campaign?: { slug?: string } } }) =>
        x.input.campaign?.slug === DEMO_AGENT_DRAFTED_CAMPAIGN,
    );
    expect(task, JSON.stringify(tasks.items.map((x: { input: unknown }) => x.input))).toBeTruthy();
    const leased = await call(client, "lease_drafting_task", { task_id: task.id });
    expect(leased.leased_by_agent_id).toBe("AGT-402");
    const staged = await call(client, "submit_draft", {
      task_id: task.id,
      subject: "The problem DreamBorn solves for your team",
      body: "Hi, teams like yours lose a day a week to this. Worth a 20-minute demo?",
    });
    expect(staged.status).toBe("pending");
  });

  it("a drafter RevOps chose is kept when the demo is seeded again", async () => {
    const put = await h.app.inject({
      method: "PUT",
      url: `/api/v1/campaigns/${DEMO_AGENT_DRAFTED_CAMPAIGN}/drafter`,
      headers: { authorization: "Bearer bt_demo_revops" },
      payload: { drafter: "template" },
    });
    expect(put.statusCode, put.body).toBe(200);
    await seedDemo(h.database.db);
    const get = await h.app.inject({
      method: "GET",
      url: `/api/v1/campaigns/${DEMO_AGENT_DRAFTED_CAMPAIGN}/drafter`,
      headers: { authorization: "Bearer bt_demo_revops" },
    });
    expect(get.json().drafter).toBe("template");
  });
});
