// Issue 38: each agent role does its whole job through the official MCP SDK client over
// Streamable HTTP (/mcp), one listening server for the file. The same jobs run over stdio in
// mcp-roles-stdio.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import {
  brainJob,
  execJob,
  marketingJob,
  type RoleWorld,
  readerJob,
  reviewJob,
  salesJob,
} from "./role-jobs.ts";
import { type RoleServer, startRoleServer } from "./role-server.ts";
import { calledTools } from "./tool-outputs.ts";

let server: RoleServer;
let w: RoleWorld;
const connect = (token: string) => server.connect(token);

beforeAll(async () => {
  server = await startRoleServer("baton-roles-http");
  w = server.w;
}, 120_000);
afterAll(() => server?.close());

describe("each agent role's whole job over MCP Streamable HTTP", () => {
  it("brain agent (AGT-901): figures, draft, revise, fate; refused approve_play", async () => {
    await brainJob(await connect(w.t.agt901.token), w);
  });
  it("sales agent (AGT-401): campaigns, enroll, draft and submit touches, replies, pause/resume/exit; refused draft_play", async () => {
    await salesJob(await connect(w.t.sales.token), w);
  });
  it("the exec: hand-offs routed at the exec gate, staged drafts approved, edited, rejected; refused lease_drafting_task", async () => {
    await execJob(await connect(w.t.exec.token), w);
  });
  it("marketing agent (AGT-304): nurture requests and why they were blocked or queued; refused resolve_flag", async () => {
    await marketingJob(await connect(w.t.agt304.token), w);
  });
  it("coordinator reader (AGT-303): event log by prospect, play, proposal, reason; flags; refused draft_play", async () => {
    await readerJob(await connect(w.agt303Token), w);
  });
  it("RevOps: the plays waiting for review listed page by page, picked up, edited, approved; refused draft_play", async () => {
    await reviewJob(await connect(w.t.revops.token), w);
  });
  it("the six jobs called every tool, and each result matched the tool's output schema", () => {
    expect(batonTools.map((t) => t.name).filter((n) => !calledTools.has(n))).toEqual([]);
  });
});
