// Issue 58, "Must show": docs/agents.md followed literally, over stdio this time (`baton mcp`, one
// child process per role's token on one seeded data directory), as agents-doc-jobs.test.ts runs
// it over Streamable HTTP.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDocJobs } from "./doc-jobs.ts";
import { type RoleWorld, seedRoleDataDir } from "./role-world.ts";
import { DOC_ROLES, docToken, runDocJob } from "./run-doc-job.ts";
import { withStdioClient } from "./stdio-client.ts";

const SLOW = 400_000;
const jobs = readDocJobs();
const called = new Set<string>();
let tmp: string;
let dataDir: string;
let w: RoleWorld;

beforeAll(async () => {
  ({ tmp, dataDir, seeded: w } = await seedRoleDataDir());
}, SLOW);
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("docs/agents.md, followed literally over MCP stdio (baton mcp)", () => {
  it("has a job for each agent role and the exec's gate", () => {
    expect(jobs.map((j) => j.role)).toEqual(DOC_ROLES);
  });
  for (const job of jobs) {
    it(
      `the ${job.role} job runs as written`,
      async () => {
        await withStdioClient(dataDir, docToken(w, job.role), (c) => runDocJob(c, job, w, called));
      },
      SLOW,
    );
  }
});
