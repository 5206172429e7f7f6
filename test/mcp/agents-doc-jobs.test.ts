// Issue 58, "Must show": docs/agents.md followed literally by a test, start to finish, for each
// agent role. The doc's ```mcp <role>``` blocks (doc-jobs.ts) run as written through the official
// SDK client over Streamable HTTP, one token per role: a tool name, an argument or a refusal code
// in the doc that the server does not agree with fails here. Each result is checked against its
// tool's output schema; each step's tool is listed for the role exactly when the doc says the role
// may call it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batonTools } from "../../src/agents/mcp/tools.ts";
import { type DocJob, parseDocJobs, readDocJobs, resolveArgs } from "./doc-jobs.ts";
import { SALES_CAMPAIGN } from "./outreach-setup.ts";
import { call, NURTURE_CAMPAIGN, type RoleWorld, refused } from "./role-jobs.ts";
import { type RoleServer, startRoleServer } from "./role-server.ts";

let server: RoleServer;
let w: RoleWorld;
const jobs = readDocJobs();
const called = new Set<string>();

/** The token each of the doc's roles connects with. */
const tokenOf = (role: string): string => {
  const tokens: Record<string, string> = {
    brain: w.t.agt901.token,
    sales: w.t.sales.token,
    exec: w.t.exec.token,
    marketing: w.t.agt304.token,
    analysis: w.agt303Token,
  };
  if (!tokens[role]) throw new Error(`docs/agents.md has a job for an unknown role: ${role}`);
  return tokens[role];
};

async function runJob(job: DocJob): Promise<void> {
  const client = await server.connect(tokenOf(job.role));
  const listed = new Set((await client.listTools()).tools.map((x) => x.name));
  const values: Record<string, unknown> = {
    campaign: SALES_CAMPAIGN,
    nurture: NURTURE_CAMPAIGN,
    segment: "mcp_seg",
    quarter: w.quarter,
    now: new Date().toISOString(),
  };
  for (const step of job.steps) {
    const where = `${job.role}: ${step.text}`;
    expect(listed.has(step.tool), `${where}: listed for the role`).toBe(!step.refusedWith);
    const args = resolveArgs(step.args, values) as Record<string, unknown>;
    called.add(step.tool);
    try {
      if (step.refusedWith) await refused(client, step.tool, args, step.refusedWith);
      else {
        const out = await call(client, step.tool, args);
        if (step.keep) values[step.keep] = out;
      }
    } catch (e) {
      throw new Error(`${where}\n${(e as Error).message}`);
    }
  }
}

beforeAll(async () => {
  server = await startRoleServer("agents-doc");
  w = server.w;
}, 120_000);
afterAll(() => server?.close());

describe("docs/agents.md, followed literally over MCP", () => {
  it("has a job for each agent role and the exec's gate", () => {
    expect(jobs.map((j) => j.role)).toEqual(["brain", "sales", "exec", "marketing", "analysis"]);
    for (const j of jobs) expect(j.steps.length, j.role).toBeGreaterThan(3);
  });

  for (const job of jobs) {
    it(`the ${job.role} job runs as written`, async () => {
      await runJob(job);
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
