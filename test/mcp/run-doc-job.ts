// Runs one of docs/agents.md's role jobs (doc-jobs.ts) through an SDK client, over any transport:
// each step's tool must be listed for the role exactly when the doc does not mark it refused, each
// result must match its output schema (role-jobs.ts call/refused), and `-> name` keeps a result.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect } from "vitest";
import { type DocJob, resolveArgs } from "./doc-jobs.ts";
import { SALES_CAMPAIGN } from "./outreach-setup.ts";
import { call, refused } from "./role-jobs.ts";
import { NURTURE_CAMPAIGN, type RoleWorld } from "./role-world.ts";

/** The roles the doc's jobs are for, in the doc's order. */
export const DOC_ROLES = ["brain", "sales", "exec", "marketing", "analysis", "revops"];

/** The token each of the doc's roles connects with. */
export function docToken(w: RoleWorld, role: string): string {
  const tokens: Record<string, string> = {
    brain: w.t.agt901.token,
    sales: w.t.sales.token,
    exec: w.t.exec.token,
    marketing: w.t.agt304.token,
    analysis: w.agt303Token,
    revops: w.t.revops.token,
  };
  if (!tokens[role]) throw new Error(`docs/agents.md has a job for an unknown role: ${role}`);
  return tokens[role];
}

/** Runs the job's steps in order; `called` collects the tools it called. */
export async function runDocJob(
  client: Client,
  job: DocJob,
  w: RoleWorld,
  called: Set<string>,
): Promise<void> {
  const listed = new Set((await client.listTools()).tools.map((x) => x.name));
  // the values the doc says a reader brings
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
