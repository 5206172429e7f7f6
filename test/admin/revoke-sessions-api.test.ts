// "Sessions can be revoked per person" (issue 11): an admin signs a person out everywhere over HTTP
// (POST /api/v1/admin/people/:id/revoke-sessions) and through the CLI command, without deactivating
// them. Also: a role change applies to a live session at its next request (docs/auth.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../src/auth/sessions/create-session.ts";
import { adminCommands } from "../../src/cli/admin-commands.ts";
import type { CliContext } from "../../src/cli/command.ts";
import { type TestApp, testApp } from "../support/app.ts";
import { createTenant, type Tenant, type TestPrincipal } from "../support/tenant.ts";

const ORIGIN = "http://baton.test";

describe("admin: sign a person out everywhere", () => {
  let h: TestApp;
  let t: Tenant;
  beforeAll(async () => {
    h = await testApp();
    t = await createTenant(h.database.db, "rvk");
  });
  afterAll(() => h.close());

  const signIn = (who: TestPrincipal) =>
    createSession(
      h.database.db,
      { clientId: t.clientId, principalId: who.principalId, method: "email_link" },
      h.deps.config.session,
      new Date(),
    );
  const meByCookie = (id: string) =>
    h.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: `baton_session=${id}` } });
  const revoke = (personId: string, headers: Record<string, string>) =>
    h.app.inject({
      method: "POST",
      url: `/api/v1/admin/people/${personId}/revoke-sessions`,
      headers: { "user-agent": "revoke-test/1.0", ...headers },
    });
  const audit = async (query: string) =>
    (await h.app.inject({ method: "GET", url: `/api/v1/admin/audit${query}`, headers: t.admin.auth })).json();

  it("ends every session of the person: their cookies get 401 after, they stay active, tokens work", async () => {
    const a = await signIn(t.rep);
    const b = await signIn(t.rep);
    const other = await signIn(t.slm);
    expect((await meByCookie(a.id)).statusCode).toBe(200);
    expect((await meByCookie(b.id)).statusCode).toBe(200);

    const res = await revoke(t.rep.principalId, t.admin.auth);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      principal_id: t.rep.principalId,
      display_name: t.rep.displayName,
      sessions_ended: 2,
      signed_out: false,
    });
    for (const s of [a, b]) {
      const after = await meByCookie(s.id);
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe("SESSION_ENDED");
    }
    // another person's session is untouched; the person stays active and their token works
    expect((await meByCookie(other.id)).statusCode).toBe(200);
    expect((await h.app.inject({ method: "GET", url: "/api/v1/me", headers: t.rep.auth })).statusCode).toBe(
      200,
    );
    const people = await h.app.inject({ method: "GET", url: "/api/v1/admin/people", headers: t.admin.auth });
    expect(people.json().items.find((p: any) => p.principal_id === t.rep.principalId).active).toBe(true);
    // they may sign in again at once
    expect((await meByCookie((await signIn(t.rep)).id)).statusCode).toBe(200);

    const e = (await audit("?action=sessions_revoked")).items[0];
    expect(e).toMatchObject({
      action: "sessions_revoked",
      actor_principal_id: t.admin.principalId,
      target: t.rep.principalId,
      user_agent: "revoke-test/1.0",
      details: { person: t.rep.displayName, sessions_ended: 2 },
    });
    expect(e.ip).toBeTruthy();
  });

  it("is the admin's: other roles get 403 FORBIDDEN_ROLE and nothing ends", async () => {
    const s = await signIn(t.exec);
    for (const who of [t.revops, t.exec, t.rep, t.agt901]) {
      const res = await revoke(t.exec.principalId, who.auth);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe("FORBIDDEN_ROLE");
    }
    expect((await meByCookie(s.id)).statusCode).toBe(200);
    expect(
      (await audit("?action=sessions_revoked")).items.filter((x: any) => x.target === t.exec.principalId),
    ).toEqual([]);
  });

  it("refuses an unknown person with NOT_FOUND, and an agent is not a person", async () => {
    const unknown = await revoke("00000000-0000-4000-8000-000000000000", t.admin.auth);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: "NOT_FOUND" });
    expect(unknown.json().error.message).toContain("Person");
    const agent = await revoke(t.agt901.principalId, t.admin.auth);
    expect(agent.statusCode).toBe(404);
    const bad = await revoke("not-a-uuid", t.admin.auth);
    expect(bad.statusCode).toBe(400);
  });

  it("with a session cookie: CSRF-checked like every cookie write", async () => {
    const admin = await signIn(t.admin);
    const victim = await signIn(t.slm);
    const cookie = `baton_session=${admin.id}`;
    // no token, or another origin: refused before anything runs
    const noToken = await revoke(t.slm.principalId, { cookie, origin: ORIGIN });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe("CSRF_REFUSED");
    const foreign = await revoke(t.slm.principalId, {
      cookie,
      origin: "http://evil.test",
      "x-csrf-token": admin.csrfToken,
    });
    expect(foreign.json().error.code).toBe("CSRF_REFUSED");
    expect((await meByCookie(victim.id)).statusCode).toBe(200);
    const ok = await revoke(t.slm.principalId, { cookie, origin: ORIGIN, "x-csrf-token": admin.csrfToken });
    expect(ok.statusCode, ok.body).toBe(200);
    // this one and the one of the first test
    expect(ok.json()).toMatchObject({ sessions_ended: 2, signed_out: false });
    expect((await meByCookie(victim.id)).statusCode).toBe(401);
    expect((await meByCookie(admin.id)).statusCode).toBe(200);
  });

  it("an admin signing themselves out everywhere ends this session too and clears its cookie", async () => {
    const here = await signIn(t.admin);
    const elsewhere = await signIn(t.admin);
    const res = await revoke(t.admin.principalId, {
      cookie: `baton_session=${here.id}`,
      origin: ORIGIN,
      "x-csrf-token": here.csrfToken,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ signed_out: true });
    expect(res.json().sessions_ended).toBeGreaterThanOrEqual(2);
    expect(String(res.headers["set-cookie"])).toMatch(/baton_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await meByCookie(here.id)).statusCode).toBe(401);
    expect((await meByCookie(elsewhere.id)).statusCode).toBe(401);
    // by bearer token, the admin's own sessions end, but the token call itself is not "signed out"
    const s = await signIn(t.admin);
    const byToken = await revoke(t.admin.principalId, t.admin.auth);
    expect(byToken.json()).toMatchObject({ sessions_ended: 1, signed_out: false });
    expect(byToken.headers["set-cookie"]).toBeUndefined();
    expect((await meByCookie(s.id)).statusCode).toBe(401);
  });

  it("a role change applies to a live session at its next request (no sign-out needed)", async () => {
    const s = await signIn(t.revops2);
    const read = () =>
      h.app.inject({
        method: "GET",
        url: "/api/v1/admin/people",
        headers: { cookie: `baton_session=${s.id}` },
      });
    expect((await read()).statusCode).toBe(403);
    const up = await h.app.inject({
      method: "PUT",
      url: `/api/v1/admin/people/${t.revops2.principalId}/roles`,
      headers: t.admin.auth,
      payload: { roles: ["revops", "admin"] },
    });
    expect(up.statusCode).toBe(200);
    expect((await read()).statusCode).toBe(200);
    await h.app.inject({
      method: "PUT",
      url: `/api/v1/admin/people/${t.revops2.principalId}/roles`,
      headers: t.admin.auth,
      payload: { roles: ["revops"] },
    });
    expect((await read()).statusCode).toBe(403);
    expect((await meByCookie(s.id)).json().roles).toEqual(["revops"]);
  });

  it("baton admin people sign-out --person <email> does the same from the CLI", async () => {
    const s = await signIn(t.slm2);
    const printed: unknown[] = [];
    const cmd = adminCommands.find((c) => c.name === "admin people sign-out")!;
    const slm2 = await h.database.db
      .selectFrom("principals")
      .select("email")
      .where("principal_id", "=", t.slm2.principalId)
      .executeTakeFirstOrThrow();
    const ref = slm2.email ?? t.slm2.principalId;
    const ctx: CliContext = {
      config: h.deps.config,
      database: async () => h.database,
      db: async () => h.database.db,
      engine: h.deps.engine,
      principal: async () => t.admin,
      authenticate: async () => t.admin,
      flags: { person: ref },
      positionals: [],
      print: (v) => printed.push(v),
      now: () => new Date(),
    };
    await cmd.run(ctx);
    expect(printed[0]).toMatchObject({ principal_id: t.slm2.principalId, sessions_ended: 1 });
    expect((await meByCookie(s.id)).statusCode).toBe(401);
    const e = (await audit("?action=sessions_revoked")).items[0];
    expect(e).toMatchObject({ target: t.slm2.principalId, user_agent: "baton cli" });
    // an unknown person: a clear NOT_FOUND
    await expect(cmd.run({ ...ctx, flags: { person: "nobody@nowhere.test" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
