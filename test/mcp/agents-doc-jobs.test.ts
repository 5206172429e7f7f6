// Issue 58, "Must show": docs/agents.md followed literally by a test, start to finish, for each
// agent role. The doc's ```mcp <role>``` blocks (doc-jobs.ts) run as written through the official
// SDK client over Streamable HTTP, one token per role: a tool name, an argument or a refusal code
// in the doc that the server does not agree with fails here. Each result is checked against its
// tool's output schema; each step's tool is listed for the role exactly when the doc says the role
// may call it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import { parseDocJobs, readDocJobs, resolveArgs } from "./doc-jobs.ts";
import type { RoleWorld } from "./role-jobs.ts";
import { type RoleServer, startRoleServer } from "./role-server.ts";
import { DOC_ROLES, docToken, runDocJob } from "./run-doc-job.ts";

let server: RoleServer;
let w: RoleWorld;
const jobs = readDocJobs();
const called = new Set<string>();

beforeAll(async () => {
  server = await startRoleServer("agents-doc");
  w = server.w;
}, 120_000);
afterAll(() => server?.close());

describe("docs/agents.md, followed literally over MCP", () => {
  it("has a job for each agent role and the exec's gate", () => {
    expect(jobs.map((j) => j.role)).toEqual(DOC_ROLES);
    for (const j of jobs) expect(j.steps.length, j.role).toBeGreaterThan(3);
  });

  for (const job of jobs) {
    it(`the ${job.role} job runs as written`, async () => {
      await runDocJob(await server.connect(docToken(w, job.role)), job, w, called);
    }, 120_000);
  }

  it("the jobs together call every tool", () => {
    expect(batonTools.map((x) => x.name).filter((n) => !called.has(n))).toEqual([]);
  });

  it("the reader refuses a doc that drifts from the server's shapes", () => {
    expect(() => parseDocJobs("```mcp sales\nlist_campaigns\n```\n")).toThrow(/JSON object/);
    expect(() => parseDocJobs('```mcp sales\nget_campaign {"campaign": "x"} => c\n```\n')).toThrow(/-> name/);
    const [job] = parseDocJobs(
      '```mcp sales\nget_campaign {"campaign": "x",\n  "y": 1} -> c !NOT_FOUND\n```\n',
    );
    expect(job.steps[0]).toMatchObject({ tool: "get_campaign", args: { campaign: "x", y: 1 }, keep: "c" });
    expect(() => resolveArgs({ a: "$missing.id" }, {})).toThrow(/no value named missing/);
    expect(resolveArgs({ a: ["$r.items[1].id"] }, { r: { items: [{ id: 1 }, { id: 2 }] } })).toEqual({
      a: [2],
    });
  });
});
