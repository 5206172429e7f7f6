// Issue 38: each agent role does its whole job through the official MCP SDK client over stdio
// (`baton mcp`, one child process per role's token on one seeded data directory). The same jobs
// run over HTTP in mcp-roles-http.test.ts.
import fs from "node:fs";
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
import { seedRoleDataDir } from "./role-world.ts";
import { withStdioClient } from "./stdio-client.ts";
import { calledTools } from "./tool-outputs.ts";

const SLOW = 400_000;
let tmp: string;
let dataDir: string;
let w: RoleWorld;

beforeAll(async () => {
  ({ tmp, dataDir, seeded: w } = await seedRoleDataDir());
}, SLOW);
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("each agent role's whole job over MCP stdio (baton mcp)", () => {
  it(
    "brain agent (AGT-901): figures, draft, revise, fate; refused approve_play",
    async () => {
      await withStdioClient(dataDir, w.t.agt901.token, (c) => brainJob(c, w));
    },
    SLOW,
  );
  it(
    "sales agent (AGT-401): campaigns, enroll, draft and submit touches, replies, pause/resume/exit; refused draft_play",
    async () => {
      await withStdioClient(dataDir, w.t.sales.token, (c) => salesJob(c, w));
    },
    SLOW,
  );
  it(
    "the exec: hand-offs routed at the exec gate, staged drafts approved, edited, rejected; refused lease_drafting_task",
    async () => {
      await withStdioClient(dataDir, w.t.exec.token, (c) => execJob(c, w));
    },
    SLOW,
  );
  it(
    "marketing agent (AGT-304): nurture requests and why they were blocked or queued; refused resolve_flag",
    async () => {
      await withStdioClient(dataDir, w.t.agt304.token, (c) => marketingJob(c, w));
    },
    SLOW,
  );
  it(
    "coordinator reader (AGT-303): event log by prospect, play, proposal, reason; flags; refused draft_play",
    async () => {
      await withStdioClient(dataDir, w.agt303Token, (c) => readerJob(c, w));
    },
    SLOW,
  );
  it(
    "RevOps: the plays waiting for review listed page by page, picked up, edited, approved; refused draft_play",
    async () => {
      await withStdioClient(dataDir, w.t.revops.token, (c) => reviewJob(c, w));
    },
    SLOW,
  );
  it("the six jobs called every tool, and each result matched the tool's output schema", () => {
    expect(batonTools.map((t) => t.name).filter((n) => !calledTools.has(n))).toEqual([]);
  });
});
