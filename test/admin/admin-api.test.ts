// The admin's people, API tokens and audit log through the HTTP API (issue 11).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant } from "../support/tenant.ts";

describe("admin: people, API tokens and the audit log", () => {
  let h: TestApp;
  let t: Tenant;
  const ua = { "user-agent": "admin-test/1.0" };
  beforeAll(async () => {
    h = await testApp();
    t = await createTenant(h.database.db, "adm");
  });
  afterAll(() => h.close());

  const as = (who: { auth: { authorization: string } }) => ({ ...who.auth, ...ua });
  const audit = async (query = "") =>
    (await h.app.inject({ method: "GET", url: `/api/v1/admin/audit${query}`, headers: t.admin.auth })).json();

  it("is the admin's: other roles and agents are refused with FORBIDDEN_ROLE", async () => {
    for (const who of [t.revops, t.exec, t.agt901]) {
      for (const url of ["/api/v1/admin/people", "/api/v1/admin/tokens", "/api/v1/admin/audit"]) {
        const res = await h.app.inject({ method: "GET", url, headers: who.auth });
        expect(res.statusCode).toBe(403);
        expect(res.json().error.code).toBe("FORBIDDEN_ROLE");
      }
    }
  });

  let invited: { principal_id: string };
  it("invites a person (audited person_invited) and refuses the same email twice", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/admin/people",
      headers: as(t.admin),
      payload: { email: "Nora@Example.test", display_name: "Nora New", roles: ["rep"] },
    });
    expect(res.statusCode).toBe(201);
    invited = res.json();
    expect(res.json()).toMatchObject({ email: "Nora@Example.test", roles: ["rep"], active: true });
    const again = await h.app.inject({
      method: "POST",
      url: "/api/v1/admin/people",
      headers: t.admin.auth,
      payload: { email: "nora@example.TEST", display_name: "Nora Again", roles: [] },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("PERSON_EMAIL_TAKEN");
    const list = await h.app.inject({ method: "GET", url: "/api/v1/admin/people", headers: t.admin.auth });
    expect(list.json().items.map((p: any) => p.email)).toContain("Nora@Example.test");
    const e = (await audit("?action=person_invited")).items[0];
    expect(e).toMatchObject({
      action: "person_invited",
      actor_principal_id: t.admin.principalId,
      actor_label: "admin person",
      target: invited.principal_id,
      user_agent: "admin-test/1.0",
      details: { email: "Nora@Example.test", roles: ["rep"] },
    });
    expect(e.ip).toBeTruthy();
  });

  it("changes roles (audited role_changed with before and after)", async () => {
    const res = await h.app.inject({
      method: "PUT",
      url: `/api/v1/admin/people/${invited.principal_id}/roles`,
      headers: as(t.admin),
      payload: { roles: ["slm", "rep"] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual(["rep", "slm"]);
    const e = (await audit("?action=role_changed")).items[0];
    expect(e).toMatchObject({
      target: invited.principal_id,
      details: { before: ["rep"], after: ["rep", "slm"] },
    });
  });

  it("keeps the last admin: no self-demotion or self-deactivation out of the last admin role", async () => {
    const demote = await h.app.inject({
      method: "PUT",
      url: `/api/v1/admin/people/${t.admin.principalId}/roles`,
      headers: t.admin.auth,
      payload: { roles: ["revops"] },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe("LAST_ADMIN");
    const deactivate = await h.app.inject({
      method: "POST",
      url: `/api/v1/admin/people/${t.admin.principalId}/deactivate`,
      headers: t.admin.auth,
    });
    expect(deactivate.json().error.code).toBe("LAST_ADMIN");
    // with a second admin, the first may step down
    await h.app.inject({
      method: "PUT",
      url: `/api/v1/admin/people/${t.exec.principalId}/roles`,
      headers: t.admin.auth,
      payload: { roles: ["exec", "admin"] },
    });
    const ok = await h.app.inject({
      method: "PUT",
      url: `/api/v1/admin/people/${t.exec.principalId}/roles`,
      headers: t.exec.auth,
      payload: { roles: ["exec"] },
    });
    expect(ok.statusCode).toBe(200);
  });

  it("deactivates a person: sessions end at once, tokens are refused; reactivation lets them back", async () => {
    const session = await createSession(
      h.database.db,
      { clientId: t.clientId, principalId: t.rep.principalId, method: "email_link" },
      h.deps.config.session,
      new Date(),
    );
    const me = await h.app.inject({ method: "GET", url: "/api/v1/me", headers: t.rep.auth });
    expect(me.statusCode).toBe(200);
    const res = await h.app.inject({
      method: "POST",
      url: `/api/v1/admin/people/${t.rep.principalId}/deactivate`,
      headers: as(t.admin),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ active: false, sessions_ended: 1 });
    const row = await h.database.db
      .selectFrom("sessions")
      .select("revoked_at")
      .where("id_hash", "=", (await import("../../src/auth/sessions/opaque-id.ts")).hashOpaqueId(session.id))
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    const byCookie = await h.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: `baton_session=${session.id}` },
    });
    expect(byCookie.statusCode).toBe(401);
    const refused = await h.app.inject({ method: "GET", url: "/api/v1/me", headers: t.rep.auth });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe("PRINCIPAL_DEACTIVATED");
    expect((await audit("?action=person_deactivated")).items[0]).toMatchObject({
      target: t.rep.principalId,
      details: { sessions_ended: 1 },
    });
    const back = await h.app.inject({
      method: "POST",
      url: `/api/v1/admin/people/${t.rep.principalId}/reactivate`,
      headers: t.admin.auth,
    });
    expect(back.json().active).toBe(true);
    expect((await h.app.inject({ method: "GET", url: "/api/v1/me", headers: t.rep.auth })).statusCode).toBe(
      200,
    );
    expect((await audit("?action=person_reactivated")).items).toHaveLength(1);
  });

  it("creates a token shown once, defaulting to 90 days; revoked and expired tokens are refused with stable codes", async () => {
    const now = Date.now();
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/admin/tokens",
      headers: as(t.admin),
      payload: { name: "zapier sync", roles: ["revops"] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers["cache-control"]).toBe("no-store");
    const created = res.json();
    expect(created.token).toMatch(/^bt_/);
    expect(created).toMatchObject({
      name: "zapier sync",
      roles: ["revops"],
      status: "active",
      kind: "person",
    });
    const days = (Date.parse(created.expires_at) - now) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    const bearer = { authorization: `Bearer ${created.token}` };
    const me = await h.app.inject({ method: "GET", url: "/api/v1/me", headers: bearer });
    expect(me.json()).toMatchObject({ display_name: "zapier sync", roles: ["revops"] });
    // the list has last use, never the token
    const list = await h.app.inject({ method: "GET", url: "/api/v1/admin/tokens", headers: t.admin.auth });
    const listed = list.json().items.find((x: any) => x.token_id === created.token_id);
    expect(listed.last_used_at).not.toBeNull();
    expect(JSON.stringify(list.json())).not.toContain(created.token);
    const entries = (await audit("?action=token_created")).items;
    expect(entries[0]).toMatchObject({ target: created.token_id, details: { name: "zapier sync" } });
    expect(JSON.stringify(entries)).not.toContain(created.token);

    const revoke = await h.app.inject({
      method: "POST",
      url: `/api/v1/admin/tokens/${created.token_id}/revoke`,
      headers: as(t.admin),
    });
    expect(revoke.json().status).toBe("revoked");
    const refused = await h.app.inject({ method: "GET", url: "/api/v1/me", headers: bearer });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe("TOKEN_REVOKED");
    expect((await audit("?action=token_revoked")).items[0]).toMatchObject({ target: created.token_id });

    // an agent's token of one day, then the clock moves two days on
    const agent = await h.app.inject({
      method: "POST",
      url: "/api/v1/admin/tokens",
      headers: t.admin.auth,
      payload: { name: "brain", agent_id: "AGT-901", expires_in_days: 1 },
    });
    expect(agent.json()).toMatchObject({
      kind: "agent",
      agent_id: "AGT-901",
      principal_id: t.agt901.principalId,
    });
    const agentAuth = { authorization: `Bearer ${agent.json().token}` };
    expect((await h.app.inject({ method: "GET", url: "/api/v1/me", headers: agentAuth })).statusCode).toBe(
      200,
    );
    h.clock.now = new Date(now + 2 * 86_400_000);
    try {
      const expired = await h.app.inject({ method: "GET", url: "/api/v1/me", headers: agentAuth });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.code).toBe("TOKEN_EXPIRED");
      const tokens = await h.app.inject({
        method: "GET",
        url: "/api/v1/admin/tokens",
        headers: t.admin.auth,
      });
      expect(tokens.json().items.find((x: any) => x.token_id === agent.json().token_id).status).toBe(
        "expired",
      );
    } finally {
      h.clock.now = null;
    }
  });

  it("refuses a token beyond the maximum lifetime and a request naming two owners", async () => {
    const long = await h.app.inject({
      method: "POST",
      url: "/api/v1/admin/tokens",
      headers: t.admin.auth,
      payload: { name: "forever", roles: ["exec"], expires_in_days: 3000 },
    });
    expect(long.statusCode).toBe(422);
    expect(long.json().error.code).toBe("TOKEN_EXPIRY_TOO_LONG");
    const two = await h.app.inject({
      method: "POST",
      url: "/api/v1/admin/tokens",
      headers: t.admin.auth,
      payload: { name: "both", roles: ["exec"], agent_id: "AGT-901" },
    });
    expect(two.json().error.code).toBe("VALIDATION_FAILED");
  });

  it("reads the audit log with filters and keyset paging", async () => {
    const all = await audit("?limit=500");
    expect(all.items.length).toBeGreaterThanOrEqual(8);
    const ids = all.items.map((e: any) => Number(e.audit_id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const p1 = await audit("?limit=3");
    expect(p1.items).toHaveLength(3);
    const p2 = await audit(`?limit=3&cursor=${encodeURIComponent(p1.next_cursor)}`);
    expect(p2.items[0].audit_id).toBe(all.items[3].audit_id);
    const byActor = await audit(`?actor=${t.exec.principalId}`);
    expect(byActor.items.map((e: any) => e.action)).toEqual(["role_changed"]);
    const byLabel = await audit("?actor=EXEC%20PERS");
    expect(byLabel.items).toHaveLength(1);
    const future = await audit(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.items).toEqual([]);
    const past = await audit(`?until=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(past.items.length).toBe(Math.min(all.items.length, 50));
    // another tenant's admin sees none of it
    const other = await createTenant(h.database.db, "adm2");
    const theirs = await h.app.inject({
      method: "GET",
      url: "/api/v1/admin/audit",
      headers: other.admin.auth,
    });
    expect(theirs.json().items).toEqual([]);
  });

  it("the database refuses UPDATE, DELETE and TRUNCATE on the audit log (AUDIT_LOG_APPEND_ONLY)", async () => {
    const { mapDbError } = await import("../../src/errors/map-db-error.ts");
    const db = h.database.db;
    for (const stmt of [
      sql`update audit_log set action = 'nothing' where client_id = ${t.clientId}`,
      sql`delete from audit_log where client_id = ${t.clientId}`,
      sql`truncate audit_log`,
    ]) {
      const err = await stmt.execute(db).then(
        () => undefined,
        (e) => e,
      );
      expect(err?.code).toBe("BA001");
      expect(mapDbError(err)?.code).toBe("AUDIT_LOG_APPEND_ONLY");
    }
    const n = await db.selectFrom("audit_log").select(db.fn.countAll().as("n")).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThan(0);
  });
});
