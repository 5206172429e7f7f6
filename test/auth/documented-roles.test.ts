// Issue 58, "Roles differ from the documents": the brain agents read GET /api/v1/cohort and
// GET /api/v1/drafts (documented for people only); the exec was said to resolve flags the API
// refuses. docs/workspace.md ("Who may call the routes behind the dashboard, the inbox and the flags
// panel") now says Baton's reading and why; this test calls each route as every role and agent, the
// allowed beside the refused, and checks the doc's table names exactly who was allowed.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrincipal } from "../../src/auth/create-principal.ts";
import { issueToken } from "../../src/auth/tokens.ts";
import { ANALYSIS_AGENT_ID } from "../../src/flags/scan-flags.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

interface Caller {
  /** how the doc's table names it */
  doc: string;
  auth: { authorization: string };
  principalId: string;
}

describe("who may call the cohort, the drafts and the flags (docs/workspace.md)", () => {
  let h: TestApp;
  let t: Tenant;
  let callers: Caller[];
  let analyst: Caller;

  beforeAll(async () => {
    h = await testApp();
    t = await createTenant(h.database.db, "roles");
    const db = h.database.db;
    const a = await createPrincipal(db, {
      clientId: t.clientId,
      displayName: "analysis",
      agentId: ANALYSIS_AGENT_ID,
    });
    const token = await issueToken(db, t.clientId, a.principalId, "analyst");
    analyst = {
      doc: ANALYSIS_AGENT_ID,
      auth: { authorization: `Bearer ${token}` },
      principalId: a.principalId,
    };
    callers = [
      { doc: "revops", ...t.revops },
      { doc: "slm", ...t.slm },
      { doc: "exec", ...t.exec },
      { doc: "rep", ...t.rep },
      { doc: "admin", ...t.admin },
      { doc: "brain agents", ...t.agt901 },
      { doc: "brain agents", ...t.agt902 },
      { doc: "AGT-304", ...t.agt304 },
      { doc: "AGT-401", ...t.sales },
      analyst,
    ];
    // a draft by the template drafter and one by the sales agent (AGT-401)
    for (const by of ["template", "AGT-401"])
      await db
        .insertInto("staged_drafts")
        .values({
          client_id: t.clientId,
          channel: "email",
          to_id: "dana@example.test",
          body: `Hi Dana, from ${by}`,
          context: JSON.stringify({}),
          drafted_by: by,
        } as never)
        .execute();
  });
  afterAll(() => h.close());

  const get = (url: string, c: Caller) => h.app.inject({ method: "GET", url, headers: c.auth });
  async function flagOf(principalId: string): Promise<string> {
    const row = await h.database.db
      .insertInto("coordinator_flags")
      .values({
        client_id: t.clientId,
        flag_type: "stall",
        dedup_key: `k-${crypto.randomUUID()}`,
        principal_id: principalId,
        raised_at: new Date(),
      })
      .returning("flag_id")
      .executeTakeFirstOrThrow();
    return row.flag_id;
  }

  /** The doc's row for an endpoint: its People and Agents cells. */
  function documented(endpoint: string): { people: string; agents: string } {
    const row = fs
      .readFileSync("docs/workspace.md", "utf8")
      .split("\n")
      .find((l) => l.startsWith(`| \`${endpoint}\` |`));
    expect(row, endpoint).toBeDefined();
    const [, , people, agents] = row!.split("|").map((c) => c.trim());
    return { people, agents };
  }

  it("GET /api/v1/cohort: RevOps, SLM, exec, admin and the brain agents; reps and other agents refused", async () => {
    const allowed: string[] = [];
    for (const c of callers) {
      const r = await get("/api/v1/cohort?quarter=2026-Q4", c);
      if (r.statusCode === 200) allowed.push(c.doc);
      else expect([r.statusCode, r.json().error.code], c.doc).toEqual([403, "FORBIDDEN_ROLE"]);
    }
    expect(allowed).toEqual(["revops", "slm", "exec", "admin", "brain agents", "brain agents"]);
    expect(documented("GET /api/v1/cohort")).toEqual({
      people: "revops, slm, exec, admin",
      agents: "brain agents",
    });
  });

  it("GET /api/v1/drafts: people read every draft; an agent only the drafts it wrote, a brain agent none", async () => {
    const seen: Record<string, string[]> = {};
    for (const c of callers) {
      const r = await get("/api/v1/drafts", c);
      expect(r.statusCode, c.doc).toBe(200);
      seen[c.doc] = r
        .json()
        .items.map((d: { drafted_by: string }) => d.drafted_by)
        .sort();
    }
    for (const p of ["revops", "slm", "exec", "rep", "admin"])
      expect(seen[p], p).toEqual(["AGT-401", "template"]);
    expect(seen["AGT-401"]).toEqual(["AGT-401"]);
    for (const a of ["brain agents", "AGT-304", ANALYSIS_AGENT_ID]) expect(seen[a], a).toEqual([]);
    // one draft by id: another writer's is not found for an agent, found for a person
    const byId = (await get("/api/v1/drafts", { doc: "", ...t.exec })).json().items as {
      id: string;
      drafted_by: string;
    }[];
    const templates = byId.find((d) => d.drafted_by === "template")!;
    expect((await get(`/api/v1/drafts/${templates.id}`, { doc: "", ...t.agt901 })).statusCode).toBe(404);
    expect((await get(`/api/v1/drafts/${templates.id}`, { doc: "", ...t.rep })).statusCode).toBe(200);
    expect(documented("GET /api/v1/drafts")).toEqual({
      people: "revops, slm, exec, rep, admin",
      agents: "every agent, its own drafts only",
    });
  });

  it("flags: the exec reads and may not resolve; a rep its own; RevOps, SLM, admin and AGT-303 any", async () => {
    const listed: string[] = [];
    const resolved: string[] = [];
    const repsOwn = await flagOf(t.rep.principalId);
    for (const c of callers) {
      const l = await get("/api/v1/flags", c);
      if (l.statusCode === 200) listed.push(c.doc);
      else expect([l.statusCode, l.json().error.code], c.doc).toEqual([403, "FORBIDDEN_ROLE"]);
      // a flag of another person (the revops'), so that "its own" is tested apart
      const id = c.doc === "rep" ? repsOwn : await flagOf(t.revops.principalId);
      const r = await h.app.inject({
        method: "POST",
        url: `/api/v1/flags/${id}/resolve`,
        headers: c.auth,
        payload: { note: `by ${c.doc}` },
      });
      if (r.statusCode === 200) resolved.push(c.doc);
      else expect([r.statusCode, r.json().error.code], c.doc).toEqual([403, "FORBIDDEN_ROLE"]);
    }
    expect(listed).toEqual(["revops", "slm", "exec", "rep", "admin", ANALYSIS_AGENT_ID]);
    expect(resolved).toEqual(["revops", "slm", "rep", "admin", ANALYSIS_AGENT_ID]);
    // the rep: another's flag is not found, as if it were not there
    const others = await flagOf(t.revops.principalId);
    const r = await h.app.inject({
      method: "POST",
      url: `/api/v1/flags/${others}/resolve`,
      headers: t.rep.auth,
      payload: { note: "not mine" },
    });
    expect([r.statusCode, r.json().error.code]).toEqual([404, "NOT_FOUND"]);
    expect(documented("GET /api/v1/flags")).toEqual({
      people: "revops, slm, exec, admin; rep, its own flags",
      agents: ANALYSIS_AGENT_ID,
    });
    expect(documented("POST /api/v1/flags/:id/resolve")).toEqual({
      people: "revops, slm, admin; rep, its own flags",
      agents: ANALYSIS_AGENT_ID,
    });
  });
});
