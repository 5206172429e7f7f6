// Single sign-on end to end: a real OpenID Connect provider (oidc-provider 9) on loopback with a
// static client (PKCE required) and in-memory accounts carrying a groups claim, the real server and
// workspace, and Chromium.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureClient } from "../../src/auth/create-principal.ts";
import { putIdpSettings } from "../../src/auth/oidc/idp-settings.ts";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const accounts: Record<string, { email: string; name: string; groups: string[] }> = {
  rita: { email: "rita@acme.test", name: "Rita RevOps", groups: ["revops-team", "everyone"] },
  nora: { email: "nora@acme.test", name: "Nora Newcomer", groups: ["everyone"] },
  eve: { email: "eve@elsewhere.test", name: "Eve Outsider", groups: ["revops-team"] },
  adam: { email: "adam@acme.test", name: "Adam Admin", groups: ["baton-admins"] },
};

describeBrowser("browser: single sign-on (OpenID Connect)", () => {
  let h: BrowserHarness;
  let idp: http.Server;
  let issuer: string;
  const csp: string[] = [];

  beforeAll(async () => {
    h = await startBrowserHarness();
    idp = http.createServer();
    await new Promise<void>((r) => idp.listen(0, "127.0.0.1", r));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    // oidc-provider ships no type declarations
    const pkg = "oidc-provider";
    const { default: Provider } = await import(pkg);
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: "baton",
          client_secret: "baton-client-secret",
          redirect_uris: [`${h.url}/auth/oidc/callback`],
          post_logout_redirect_uris: [`${h.url}/signin`],
          response_types: ["code"],
          grant_types: ["authorization_code"],
        },
      ],
      pkce: { required: () => true },
      claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
      cookies: { keys: ["test-cookie-key"] },
      features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
      async findAccount(_ctx: unknown, id: string) {
        const a = accounts[id];
        if (!a) return undefined;
        return {
          accountId: id,
          async claims() {
            return { sub: id, email: a.email, email_verified: true, name: a.name, groups: a.groups };
          },
        };
      },
    });
    idp.on("request", provider.callback());
    await ensureClient(h.deps.db, "acme", "Acme");
    await putIdpSettings(
      h.deps.db,
      "acme",
      {
        issuer,
        client_id: "baton",
        client_secret: "baton-client-secret",
        allowed_domains: ["acme.test"],
        role_claim: "groups",
        role_map: { "revops-team": ["revops"], "baton-admins": ["admin"] },
        scopes: "openid email profile groups",
      },
      { principalId: null, label: "test" },
      h.deps.config.secret,
      new Date(),
    );
    h.page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) csp.push(`${h.page.url()}: ${m.text()}`);
    });
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await new Promise((r) => idp?.close(r));
  }, 60_000);

  async function ssoSignIn(login: string) {
    const page = h.page;
    await h.context.clearCookies();
    await page.goto("/signin?client=acme");
    await page.getByRole("button", { name: "Continue with single sign-on" }).click();
    await page.waitForURL((u) => u.href.startsWith(issuer));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("any");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((u) => u.href.startsWith(h.url));
  }

  const session = () =>
    h.page.evaluate(async () => {
      const r = await fetch("/auth/session", { credentials: "same-origin" });
      return { status: r.status, body: await r.json() };
    });

  it("a RevOps person signs in, gets roles from the groups claim, survives a reload; sign-out ends the session", async () => {
    const page = h.page;
    await ssoSignIn("rita");
    await expect.poll(() => page.getByTestId("who").textContent()).toContain("Rita RevOps");
    await page.getByRole("link", { name: "RevOps dashboard" }).waitFor();
    expect((await session()).body).toMatchObject({ client_id: "acme", roles: ["revops"], method: "oidc" });
    const person = await h.deps.db
      .selectFrom("principals")
      .select(["kind", "email", "roles"])
      .where("client_id", "=", "acme")
      .where("email", "=", "rita@acme.test")
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ kind: "person", email: "rita@acme.test", roles: ["revops"] });

    await page.reload();
    await expect.poll(() => page.getByTestId("who").textContent()).toContain("Rita RevOps");

    const old = (await h.context.cookies()).find((c) => c.name === "baton_session")!;
    await page.getByRole("button", { name: "Sign out" }).click();
    // RP-initiated logout: the browser goes on to the IdP's end_session_endpoint
    await page.waitForURL((u) => u.href.startsWith(`${issuer}/session/end`));
    const res = await fetch(`${h.url}/api/v1/me`, { headers: { cookie: `baton_session=${old.value}` } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("SESSION_ENDED");

    // roles are re-synced at each sign-in
    accounts.rita.groups = ["revops-team", "baton-admins"];
    await ssoSignIn("rita");
    await expect.poll(async () => (await session()).body.roles).toEqual(["revops", "admin"]);
    const audit = await (h.deps.db as any)
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("client_id", "=", "acme")
      .orderBy("audit_id")
      .execute();
    expect(audit.map((a: any) => a.action)).toEqual(
      expect.arrayContaining(["idp_settings_changed", "sign_in", "sign_out"]),
    );
    expect(audit.find((a: any) => a.action === "sign_in").details.method).toBe("oidc");
  });

  it("refuses a person from a domain that is not allowed, with a clear message", async () => {
    await ssoSignIn("eve");
    const note = h.page.getByTestId("signin-refused");
    await note.getByText("People from elsewhere.test may not sign in to this workspace.").waitFor();
    expect(await note.textContent()).toContain("ask your admin to add your domain");
    expect((await session()).status).toBe(401);
    expect(
      await h.deps.db
        .selectFrom("principals")
        .select("principal_id")
        .where("email", "=", "eve@elsewhere.test")
        .execute(),
    ).toEqual([]);
  });

  it("a person with no mapped role sees the ask-your-admin page, not an empty workspace", async () => {
    await ssoSignIn("nora");
    await h.page.getByTestId("ask-admin").waitFor();
    expect(await h.page.getByRole("heading", { name: "Ask your admin for access" }).count()).toBe(1);
    expect(await h.page.getByRole("navigation", { name: "Main" }).count()).toBe(0);
    await h.screenshot("ask-your-admin");
  });

  it("an admin sees the IdP settings (secret never shown); the sign-in page and /docs work under the CSP", async () => {
    const page = h.page;
    await ssoSignIn("adam");
    await page.goto("/admin/sign-in");
    await expect.poll(() => page.getByLabel("Issuer URL").inputValue()).toBe(issuer);
    expect(await page.getByLabel("Client secret").inputValue()).toBe("");
    expect(await page.getByLabel("Client secret").getAttribute("placeholder")).toContain("stored");
    expect(await page.content()).not.toContain("baton-client-secret");
    await h.screenshot("idp-settings");
    // a change through the page (cookie + CSRF token) is saved and audited
    await page.getByLabel("Allowed email domains").fill("acme.test, acme.example");
    await page.getByRole("button", { name: "Save sign-in settings" }).click();
    await page.getByText("Saved.").waitFor();
    const s = await h.deps.db.selectFrom("idp_settings").select("allowed_domains").executeTakeFirstOrThrow();
    expect(s.allowed_domains).toEqual(["acme.test", "acme.example"]);

    await h.context.clearCookies();
    await page.goto("/");
    await page.getByRole("heading", { name: "Sign in to Baton" }).waitFor();
    // a real IdP is configured: no demo sign-in
    expect(await page.getByRole("heading", { name: "Demo: sign in as" }).count()).toBe(0);
    await page.goto("/docs");
    await page.locator(".swagger-ui .info").waitFor();
    expect(csp).toEqual([]);
  });
});
