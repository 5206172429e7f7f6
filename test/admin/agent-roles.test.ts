// Issue 73 item 3: which agents work the reply triage queue is a role (reply_triage), and an admin
// gives it and takes it away (PUT /api/v1/admin/agents/{agent_id}/roles, baton admin agents roles;
// audited role_changed). A new agent's token reaches no triage until an admin gives the role; the
// change applies on its next call. Beside it: RevOps, the exec and an agent (the brain agent, and the
// agent itself) may not give it, a person's role is no agent role, and another tenant's agent is not
// found.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
let other: Tenant;
let bearer: { authorization: string };

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "agrole");
  other = await createTenant(h.database.db, "agrole2");
  const made = await h.app.inject({
    method: "POST",
    url: "/api/v1/admin/tokens",
    headers: t.admin.auth,
    payload: { name: "new reply agent", agent_id: "AGT-777" },
  });
  expect(made.statusCode, made.body).toBe(201);
  bearer = { authorization: `Bearer ${made.json().token}` };
});
afterAll(() => h?.close());

const setRoles = (agent: string, who: { authorization: string }, roles: unknown) =>
  h.app.inject({
    method: "PUT",
    url: `/api/v1/admin/agents/${agent}/roles`,
    headers: who,
    payload: { roles },
  });
const triage = () => h.app.inject({ method: "GET", url: "/api/v1/replies/triage", headers: bearer });

describe("an agent's roles", () => {
  it("a new agent triages nothing; the admin gives it reply_triage, then takes it away", async () => {
    expect((await triage()).statusCode).toBe(403);
    const given = await setRoles("AGT-777", t.admin.auth, ["reply_triage"]);
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json()).toMatchObject({ agent_id: "AGT-777", roles: ["reply_triage"] });
    expect((await triage()).statusCode).toBe(200);
    const taken = await setRoles("AGT-777", t.admin.auth, []);
    expect(taken.json().roles).toEqual([]);
    expect((await triage()).statusCode).toBe(403);
    const audit = await h.app.inject({
      method: "GET",
      url: "/api/v1/admin/audit?action=role_changed",
      headers: t.admin.auth,
    });
    const entries = audit.json().items.filter((e: any) => e.details.agent === "AGT-777");
    expect(entries.map((e: any) => e.details.after)).toEqual([[], ["reply_triage"]]);
  });

  it("no one but the admin gives it: RevOps, the exec, the brain agent and the agent itself are refused", async () => {
    for (const who of [t.revops.auth, t.exec.auth, t.agt901.auth, bearer]) {
      const r = await setRoles("AGT-777", who, ["reply_triage"]);
      expect(r.statusCode, r.body).toBe(403);
      expect(r.json().error.code).toBe("FORBIDDEN_ROLE");
    }
    const brain = await setRoles("AGT-901", t.agt901.auth, ["reply_triage"]);
    expect(brain.statusCode).toBe(403);
    expect((await triage()).statusCode).toBe(403);
  });

  it("a person's role is no agent role; a person's id, an unknown agent and another tenant's are not found", async () => {
    const admin = await setRoles("AGT-777", t.admin.auth, ["admin"]);
    expect(admin.statusCode).toBe(400);
    expect((await setRoles("AGT-000", t.admin.auth, ["reply_triage"])).statusCode).toBe(404);
    expect((await setRoles(t.admin.principalId, t.admin.auth, ["reply_triage"])).statusCode).toBe(404);
    const theirs = await setRoles("AGT-777", other.admin.auth, ["reply_triage"]);
    expect(theirs.statusCode).toBe(404);
    expect((await triage()).statusCode).toBe(403);
  });
});
