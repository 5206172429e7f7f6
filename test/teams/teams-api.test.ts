// Teams over HTTP (issue 61 item 1): RevOps and admins create, rename and delete teams and set who is
// in them; everyone of the workspace reads them; a person may be in several teams; agents and
// deactivated people are not members; names are unique whatever their case; every change is audited;
// another workspace's teams and people are out of reach (404), and a rep or an agent cannot write.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAs, type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

let h: TestApp;
let t: Tenant;
let u: Tenant;

beforeAll(async () => {
  h = await testApp();
  t = await createTenant(h.database.db, "teams1");
  u = await createTenant(h.database.db, "teams2");
}, 60_000);
afterAll(async () => h?.close());

const call: ReturnType<typeof callAs> = (...args) => callAs(h)(...args);

describe("teams", () => {
  it("RevOps builds a team of managers and members; everyone reads it; a person is in two teams", async () => {
    const created = await call("POST", "/api/v1/teams", t.revops.auth, {
      name: "  Mid-market   East ",
      description: "MM reps east",
    });
    expect(created.statusCode, created.body).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({
      name: "Mid-market East",
      description: "MM reps east",
      managers: 0,
      members: [],
    });
    const put = (id: string, who: string, role: string, auth = t.revops.auth) =>
      call("PUT", `/api/v1/teams/${id}/members/${who}`, auth, { role });
    expect((await put(team.team_id, t.slm.principalId, "manager")).statusCode).toBe(200);
    const after = await put(team.team_id, t.rep.principalId, "member");
    expect(after.json()).toMatchObject({
      managers: 1,
      members: [
        { principal_id: t.slm.principalId, role: "manager", active: true },
        { principal_id: t.rep.principalId, role: "member", active: true },
      ],
    });
    // the admin makes a second team with the same rep in it
    const second = (await call("POST", "/api/v1/teams", t.admin.auth, { name: "Enterprise" })).json();
    expect((await put(second.team_id, t.rep.principalId, "manager", t.admin.auth)).statusCode).toBe(200);
    // a rep and an agent read; the list is by name
    for (const auth of [t.rep.auth, t.agt301.auth, t.exec.auth]) {
      const list = await call("GET", "/api/v1/teams", auth);
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((x: { name: string }) => x.name)).toEqual([
        "Enterprise",
        "Mid-market East",
      ]);
    }
    // role changes in place; rename; take the rep out of one team only
    expect((await put(team.team_id, t.rep.principalId, "manager")).json().managers).toBe(2);
    const renamed = await call("PATCH", `/api/v1/teams/${team.team_id}`, t.revops.auth, { name: "MM East" });
    expect(renamed.json().name).toBe("MM East");
    const out = await call(
      "DELETE",
      `/api/v1/teams/${team.team_id}/members/${t.rep.principalId}`,
      t.revops.auth,
    );
    expect(out.json().members.map((m: { principal_id: string }) => m.principal_id)).toEqual([
      t.slm.principalId,
    ]);
    expect((await call("GET", `/api/v1/teams/${second.team_id}`, t.rep.auth)).json().members).toHaveLength(1);
    // deleting a team removes its memberships, not its people
    const del = await call("DELETE", `/api/v1/teams/${second.team_id}`, t.admin.auth);
    expect(del.json()).toEqual({ team_id: second.team_id, members_removed: 1, campaigns_released: 0 });
    expect((await call("GET", `/api/v1/teams/${second.team_id}`, t.admin.auth)).statusCode).toBe(404);
    // audited, with who did it
    const audit = await h.database.db
      .selectFrom("audit_log")
      .select(["action", "actor_principal_id"])
      .where("client_id", "=", t.clientId)
      .where("action", "like", "team_%")
      .orderBy("audit_id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "team_created",
      "team_member_set",
      "team_member_set",
      "team_created",
      "team_member_set",
      "team_member_set",
      "team_changed",
      "team_member_removed",
      "team_deleted",
    ]);
    expect(audit[3].actor_principal_id).toBe(t.admin.principalId);
  });

  it("refuses a taken name (any case), bad input, agents and deactivated people as members, and other roles", async () => {
    const team = (await call("POST", "/api/v1/teams", t.revops.auth, { name: "SMB" })).json();
    const dup = await call("POST", "/api/v1/teams", t.revops.auth, { name: " smb " });
    expect(dup.statusCode, dup.body).toBe(409);
    expect(dup.json().error.code).toBe("TEAM_NAME_TAKEN");
    const other = (await call("POST", "/api/v1/teams", t.revops.auth, { name: "Partners" })).json();
    expect(
      (await call("PATCH", `/api/v1/teams/${other.team_id}`, t.revops.auth, { name: "SMB" })).statusCode,
    ).toBe(409);
    for (const body of [
      { name: "" },
      { name: "   " },
      { name: "x".repeat(81) },
      { name: 3 },
      { name: "A", extra: 1 },
      {},
    ]) {
      const r = await call("POST", "/api/v1/teams", t.revops.auth, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await call("PATCH", `/api/v1/teams/${team.team_id}`, t.revops.auth, {})).statusCode).toBe(400);
    const role = await call(
      "PUT",
      `/api/v1/teams/${team.team_id}/members/${t.rep.principalId}`,
      t.revops.auth,
      {
        role: "owner",
      },
    );
    expect(role.statusCode).toBe(400);
    const agent = await call(
      "PUT",
      `/api/v1/teams/${team.team_id}/members/${t.agt301.principalId}`,
      t.revops.auth,
      {
        role: "member",
      },
    );
    expect(agent.statusCode, agent.body).toBe(422);
    expect(agent.json().error.code).toBe("TEAM_MEMBER_NOT_A_PERSON");
    await h.database.db
      .updateTable("principals")
      .set({ deactivated_at: new Date() })
      .where("client_id", "=", t.clientId)
      .where("principal_id", "=", t.slm2.principalId)
      .execute();
    const gone = await call(
      "PUT",
      `/api/v1/teams/${team.team_id}/members/${t.slm2.principalId}`,
      t.revops.auth,
      {
        role: "member",
      },
    );
    expect(gone.statusCode).toBe(422);
    // who may write: RevOps and admins only
    for (const p of [t.rep, t.exec, t.slm, t.agt301]) {
      expect((await call("POST", "/api/v1/teams", p.auth, { name: `By ${p.principalId}` })).statusCode).toBe(
        403,
      );
      expect(
        (await call("PATCH", `/api/v1/teams/${team.team_id}`, p.auth, { name: "Mine" })).statusCode,
      ).toBe(403);
      expect((await call("DELETE", `/api/v1/teams/${team.team_id}`, p.auth)).statusCode).toBe(403);
      expect(
        (
          await call("PUT", `/api/v1/teams/${team.team_id}/members/${p.principalId}`, p.auth, {
            role: "manager",
          })
        ).statusCode,
      ).toBe(403);
    }
    expect((await call("GET", "/api/v1/teams", { authorization: "Bearer nope" })).statusCode).toBe(401);
  });

  it("keeps workspaces apart: another workspace's team and people answer 404, its list is its own", async () => {
    const mine = (await call("POST", "/api/v1/teams", t.revops.auth, { name: "Apart" })).json();
    const theirs = (await call("POST", "/api/v1/teams", u.revops.auth, { name: "Apart" })).json();
    expect(theirs.team_id).not.toBe(mine.team_id); // the same name in another workspace is another team
    for (const [method, url, body] of [
      ["GET", `/api/v1/teams/${theirs.team_id}`, undefined],
      ["PATCH", `/api/v1/teams/${theirs.team_id}`, { name: "Taken over" }],
      ["DELETE", `/api/v1/teams/${theirs.team_id}`, undefined],
      ["PUT", `/api/v1/teams/${theirs.team_id}/members/${t.rep.principalId}`, { role: "member" }],
      ["DELETE", `/api/v1/teams/${theirs.team_id}/members/${u.rep.principalId}`, undefined],
      // a person of the other workspace into my team
      ["PUT", `/api/v1/teams/${mine.team_id}/members/${u.rep.principalId}`, { role: "member" }],
    ] as const) {
      const r = await call(method, url, t.revops.auth, body);
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
    const list = (await call("GET", "/api/v1/teams", u.rep.auth)).json().items;
    expect(list.map((x: { team_id: string }) => x.team_id)).toEqual([theirs.team_id]);
    expect((await call("GET", `/api/v1/teams/${theirs.team_id}`, u.revops.auth)).json().name).toBe("Apart");
  });
});
