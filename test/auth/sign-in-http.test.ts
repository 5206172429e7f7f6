// Sessions, CSRF, email links and security headers over HTTP (app.inject) on PGlite, with email
// through the local SMTP test server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/build-app.ts";
import type { AppDeps, BatonApp } from "../../src/api/context.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Database } from "../../src/db/connect.ts";
import { seedDemo } from "../../src/demo/seed-demo.ts";
import { buildAppDeps } from "../../src/runtime/engine.ts";
import { testDatabase } from "../support/db.ts";
import { startTestSmtp, type TestSmtp } from "../support/smtp.ts";

const ORIGIN = "http://baton.test";
/** Undoes quoted-printable (soft breaks, =3D). */
const qp = (raw: string) =>
  raw.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16)));

describe("sign-in over HTTP", () => {
  let database: Database;
  let smtp: TestSmtp;
  let demoApp: BatonApp;
  let emailApp: BatonApp;
  const clock: { now: Date | null } = { now: null };

  async function appWith(over: Partial<AppDeps["config"]>): Promise<BatonApp> {
    const config = { ...loadConfig({}), runEngine: false, publicUrl: ORIGIN, ...over };
    const deps = buildAppDeps({ database, config, now: () => clock.now ?? new Date() });
    const app = await buildApp(deps);
    await app.ready();
    return app;
  }

  beforeAll(async () => {
    database = await testDatabase();
    await seedDemo(database.db);
    smtp = await startTestSmtp();
    demoApp = await appWith({ demo: true, emailSignIn: false });
    emailApp = await appWith({ demo: true, emailSignIn: true, smtp: smtp.config("signin@baton.test") });
  }, 60_000);
  afterAll(async () => {
    await demoApp?.close();
    await emailApp?.close();
    await smtp?.close();
    await database?.close();
  });

  function cookieOf(res: { headers: Record<string, unknown> }): string {
    const set = ([] as string[]).concat((res.headers["set-cookie"] as string | string[]) ?? []);
    const c = set.find((s) => s.startsWith("baton_session="));
    if (!c) throw new Error(`no session cookie in ${JSON.stringify(set)}`);
    return c.split(";")[0];
  }

  async function demoSignIn(app: BatonApp, key: string) {
    const res = await app.inject({
      method: "POST",
      url: "/auth/demo",
      headers: { origin: ORIGIN },
      payload: { key },
    });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = cookieOf(res);
    const s = await app.inject({ method: "GET", url: "/auth/session", headers: { cookie } });
    expect(s.statusCode).toBe(200);
    return { cookie, csrf: s.json().csrf_token as string, res };
  }

  it("demo sign-in sets an httpOnly, SameSite=Lax cookie, and the session reads the API", async () => {
    const { cookie, res } = await demoSignIn(demoApp, "revops");
    const set = String(res.headers["set-cookie"]);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).not.toMatch(/Secure/); // plain http here; Secure over https
    const me = await demoApp.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
    expect(me.json().display_name).toBe("Riley RevOps");
    const opts = await demoApp.inject({ method: "GET", url: "/auth/options" });
    expect(opts.json()).toMatchObject({ demo: true, email: false, demo_mode: true });
    // email sign-in configured: demo sign-in is off
    const off = await emailApp.inject({
      method: "POST",
      url: "/auth/demo",
      headers: { origin: ORIGIN },
      payload: { key: "revops" },
    });
    expect(off.json().error.code).toBe("SIGN_IN_METHOD_OFF");
  });

  it("refuses a cookie-authenticated write from another origin or without the CSRF token, and changes nothing", async () => {
    const { cookie, csrf } = await demoSignIn(demoApp, "admin");
    const body = {
      issuer: "https://idp.example.com",
      client_id: "baton",
      allowed_domains: ["example.com"],
      role_map: { admins: ["admin"] },
    };
    const cross = await demoApp.inject({
      method: "PUT",
      url: "/api/v1/admin/idp",
      headers: { cookie, origin: "http://evil.test", "x-csrf-token": csrf },
      payload: body,
    });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().error).toMatchObject({ code: "CSRF_REFUSED", facts: { reason: "origin" } });
    // a person who reached the page from another origin is told where the workspace is
    expect(cross.json().error.next_action).toContain(`Open the workspace at ${ORIGIN}`);
    const noToken = await demoApp.inject({
      method: "PUT",
      url: "/api/v1/admin/idp",
      headers: { cookie, origin: ORIGIN },
      payload: body,
    });
    expect(noToken.json().error).toMatchObject({ code: "CSRF_REFUSED", facts: { reason: "token" } });
    const noOrigin = await demoApp.inject({
      method: "PUT",
      url: "/api/v1/admin/idp",
      headers: { cookie, "x-csrf-token": csrf },
      payload: body,
    });
    expect(noOrigin.json().error.code).toBe("CSRF_REFUSED");
    expect(await database.db.selectFrom("idp_settings").selectAll().execute()).toEqual([]);
    // the same write with both checks passes; a bearer token needs neither
    const ok = await demoApp.inject({
      method: "PUT",
      url: "/api/v1/admin/idp",
      headers: { cookie, origin: ORIGIN, "x-csrf-token": csrf },
      payload: { ...body, client_secret: "s3cret-value" },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ has_client_secret: true, allowed_domains: ["example.com"] });
    expect(ok.body).not.toContain("s3cret-value");
    const stored = await database.db
      .selectFrom("idp_settings")
      .select("oidc_client_secret")
      .executeTakeFirstOrThrow();
    expect(stored.oidc_client_secret).not.toContain("s3cret");
    const bearer = await demoApp.inject({
      method: "GET",
      url: "/api/v1/admin/idp",
      headers: { authorization: "Bearer bt_demo_admin" },
    });
    expect(bearer.json().issuer).toBe("https://idp.example.com");
    const audit = await (database.db as any)
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("action", "=", "idp_settings_changed")
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].details)).not.toContain("s3cret");
    // with IdP settings in a tenant, demo sign-in is off
    const off = await demoApp.inject({
      method: "POST",
      url: "/auth/demo",
      headers: { origin: ORIGIN },
      payload: { key: "rep" },
    });
    expect(off.json().error.code).toBe("SIGN_IN_METHOD_OFF");
    await database.db.deleteFrom("idp_settings").execute();
  });

  it("sign-out ends the session on the server: the old cookie is refused", async () => {
    const { cookie, csrf } = await demoSignIn(demoApp, "rep");
    const out = await demoApp.inject({
      method: "POST",
      url: "/auth/sign-out",
      headers: { cookie, origin: ORIGIN, "x-csrf-token": csrf },
    });
    expect(out.json()).toEqual({ ok: true, redirect_to: "/signin" });
    const after = await demoApp.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe("SESSION_ENDED");
  });

  it("sessions end after the idle and absolute lifetimes, on revocation per person and on deactivation", async () => {
    const start = new Date();
    clock.now = start;
    try {
      const a = await demoSignIn(demoApp, "slm");
      clock.now = new Date(start.getTime() + 11 * 3600_000);
      expect(
        (await demoApp.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: a.cookie } }))
          .statusCode,
      ).toBe(200);
      clock.now = new Date(start.getTime() + 23.5 * 3600_000);
      expect(
        (await demoApp.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: a.cookie } }))
          .statusCode,
      ).toBe(401);
      clock.now = start;
      const b = await demoSignIn(demoApp, "slm");
      // active every 11 h, it still ends at 7 days
      for (let h = 11; h < 7 * 24; h += 11) {
        clock.now = new Date(start.getTime() + h * 3600_000);
        expect(
          (await demoApp.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: b.cookie } }))
            .statusCode,
        ).toBe(200);
      }
      clock.now = new Date(start.getTime() + 7 * 24 * 3600_000 + 1000);
      expect(
        (await demoApp.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: b.cookie } }))
          .statusCode,
      ).toBe(401);
      clock.now = start;
      const { revokeSessionsOf } = await import("../../src/auth/sessions/revoke-sessions.ts");
      const c = await demoSignIn(demoApp, "exec");
      const me = (
        await demoApp.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: c.cookie } })
      ).json();
      expect(await revokeSessionsOf(database.db, me.client_id, me.principal_id)).toBe(1);
      expect(
        (await demoApp.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: c.cookie } }))
          .statusCode,
      ).toBe(401);
      const d = await demoSignIn(demoApp, "exec");
      await database.db
        .updateTable("principals")
        .set({ deactivated_at: start } as any)
        .where("principal_id", "=", me.principal_id)
        .execute();
      const refused = await demoApp.inject({
        method: "GET",
        url: "/api/v1/me",
        headers: { cookie: d.cookie },
      });
      expect(refused.json().error).toMatchObject({ code: "SESSION_ENDED" });
      await database.db
        .updateTable("principals")
        .set({ deactivated_at: null } as any)
        .where("principal_id", "=", me.principal_id)
        .execute();
    } finally {
      clock.now = null;
    }
  });

  it("rotates the session id at sign-in: the browser's previous session is revoked", async () => {
    const a = await demoSignIn(demoApp, "revops2");
    const again = await demoApp.inject({
      method: "POST",
      url: "/auth/demo",
      headers: { origin: ORIGIN, cookie: a.cookie },
      payload: { key: "revops2" },
    });
    expect(cookieOf(again)).not.toBe(a.cookie);
    expect(
      (await demoApp.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: a.cookie } })).statusCode,
    ).toBe(401);
  });

  it("email link: sent through SMTP to active people only, same answer for unknown addresses, single-use, expires in 15 minutes", async () => {
    const ask = (email: string, ip = "10.0.0.1") =>
      emailApp.inject({
        method: "POST",
        url: "/auth/email/start",
        headers: { origin: ORIGIN },
        remoteAddress: ip,
        payload: { client: "demo", email },
      });
    const before = smtp.messages.length;
    const known = await ask("Tara@demo.test");
    const unknown = await ask("nobody@demo.test");
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    await expect.poll(() => smtp.messages.length).toBe(before + 1);
    const mail = smtp.messages[before];
    expect(mail.to).toEqual(["tara@demo.test"]);
    const link = /http:\/\/baton\.test\/signin\/email#client=demo&code=([A-Za-z0-9_-]+)/.exec(qp(mail.raw));
    expect(link).not.toBeNull();
    const code = link![1];
    // stored hashed only
    const rows = await database.db.selectFrom("email_sign_in_links").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code);

    const verify = (c: string) =>
      emailApp.inject({
        method: "POST",
        url: "/auth/email/verify",
        headers: { origin: ORIGIN },
        payload: { code: c },
      });
    const first = await verify(code);
    expect(first.statusCode, first.body).toBe(200);
    const me = await emailApp.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: cookieOf(first) },
    });
    expect(me.json().display_name).toBe("Tara Rep");
    const second = await verify(code);
    expect(second.statusCode).toBe(401);
    expect(second.json().error).toMatchObject({ code: "EMAIL_LINK_INVALID", facts: { reason: "used" } });

    // an expired link
    await ask("sam@demo.test", "10.0.0.2");
    await expect.poll(() => smtp.messages.length).toBe(before + 2);
    const code2 = /code=([A-Za-z0-9_-]+)/.exec(qp(smtp.messages[before + 1].raw))![1];
    clock.now = new Date(Date.now() + 15 * 60_000 + 1000);
    try {
      const late = await verify(code2);
      expect(late.json().error).toMatchObject({ code: "EMAIL_LINK_INVALID", facts: { reason: "expired" } });
    } finally {
      clock.now = null;
    }
    const failed = await (database.db as any)
      .selectFrom("audit_log")
      .select(["details"])
      .where("action", "=", "sign_in_failed")
      .execute();
    expect(failed.map((r: any) => r.details.reason)).toEqual(expect.arrayContaining(["used", "expired"]));
    expect(JSON.stringify(failed)).not.toContain(code);
  });

  it("rate-limits email sign-in per address (5 per 15 minutes) with SIGN_IN_RATE_LIMITED", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await emailApp.inject({
        method: "POST",
        url: "/auth/email/start",
        headers: { origin: ORIGIN },
        remoteAddress: `10.1.0.${i}`,
        payload: { client: "demo", email: "justin@demo.test" },
      });
      codes.push(r.statusCode);
      if (r.statusCode === 429) expect(r.json().error.code).toBe("SIGN_IN_RATE_LIMITED");
    }
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it("sends the security headers and a CSP without inline script on / and /docs", async () => {
    for (const url of ["/", "/docs/static/index.html", "/api/health"]) {
      const res = await demoApp.inject({ method: "GET", url });
      const csp = String(res.headers["content-security-policy"]);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-eval/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
      expect(res.headers["referrer-policy"]).toBe("same-origin");
    }
  });
});
