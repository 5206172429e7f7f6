// Issue 36 item 16: docs/workspace.md let the exec resolve flags from the dashboard; the API answered
// 403. Spec 001's proactive flags notify the rep (and the manager) and name no exec action, so the
// API is right: the doc, the workspace and the API now name the same roles (FLAG_RESOLVER_ROLES).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/principal.ts";
import { FLAG_RESOLVER_ROLES } from "../../src/flags/manage-flags.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

const NAMES: Record<string, Role> = {
  RevOps: "revops",
  SLM: "slm",
  admin: "admin",
  exec: "exec",
  rep: "rep",
};

describe("who resolves a flag: the API and docs/workspace.md agree", () => {
  let h: TestApp;
  let t: Tenant;
  beforeAll(async () => {
    h = await testApp();
    t = await createTenant(h.database.db);
  });
  afterAll(() => h.close());

  async function flag(): Promise<string> {
    const row = await h.database.db
      .insertInto("coordinator_flags")
      .values({
        client_id: t.clientId,
        flag_type: "backlog_risk",
        dedup_key: `k-${Math.random()}`,
        principal_id: t.rep.principalId,
        raised_at: new Date(),
      })
      .returning("flag_id")
      .executeTakeFirstOrThrow();
    return row.flag_id;
  }
  const resolve = (id: string, auth: { authorization: string }, payload: object = { note: "handled" }) =>
    h.app.inject({ method: "POST", url: `/api/v1/flags/${id}/resolve`, headers: auth, payload });

  it("the exec reads flags but may not resolve them; the resolver roles may, with their note", async () => {
    const id = await flag();
    expect(
      (await h.app.inject({ method: "GET", url: "/api/v1/flags", headers: t.exec.auth })).statusCode,
    ).toBe(200);
    const exec = await resolve(id, t.exec.auth);
    expect(exec.statusCode).toBe(403);
    expect(exec.json().error.code).toBe("FORBIDDEN_ROLE");
    for (const who of [t.rep, t.revops, t.slm, t.admin]) {
      const r = await resolve(await flag(), who.auth, { note: `by ${who.roles[0]}` });
      expect(r.statusCode, who.roles[0]).toBe(200);
      expect(r.json().resolution).toBe(`by ${who.roles[0]}`);
    }
    expect([...FLAG_RESOLVER_ROLES].sort()).toEqual(["admin", "rep", "revops", "slm"]);
  });

  it("refuses a note sent under another name (the workspace sent 'resolution', which was dropped)", async () => {
    const r = await resolve(await flag(), t.revops.auth, { resolution: "lost" });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe("VALIDATION_FAILED");
    const panel = fs.readFileSync("web/src/components/flags-panel.tsx", "utf8");
    expect(panel).toMatch(/resolve`, \{\s*note:/);
    expect(panel).toContain(`has(${FLAG_RESOLVER_ROLES.map((r) => `"${r}"`).join(", ")})`);
  });

  it("docs/workspace.md names the roles that resolve flags on the dashboard, and the exec reads only", () => {
    const row = fs
      .readFileSync("docs/workspace.md", "utf8")
      .split("\n")
      .find((l) => l.startsWith("| `/dashboard` |"))!;
    const m = /resolvable with a note by ([A-Za-z, ]+?) \(/.exec(row);
    expect(m, row).not.toBeNull();
    const named = m![1].split(/, | and /).map((n) => NAMES[n.trim()]);
    // the dashboard's people who resolve: every resolver role but the rep, who has no dashboard
    const dashboardRoles = row
      .split("|")[2]
      .split(",")
      .map((n) => NAMES[n.trim()]);
    expect(named.sort()).toEqual(FLAG_RESOLVER_ROLES.filter((r) => dashboardRoles.includes(r)).sort());
    expect(FLAG_RESOLVER_ROLES).not.toContain("exec");
    expect(row).toMatch(/the exec sees them read-only/);
  });
});
