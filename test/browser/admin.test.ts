// The admin's pages in Chromium (issue 11): people (list, invite, change roles, deactivate, sign out
// everywhere), API tokens (created and shown once, then revoked: the server refuses it next), and the
// audit log with a filter. Screenshots go with the others (test-artifacts/screenshots).
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: admin pages", () => {
  let h: BrowserHarness;
  const cspErrors: string[] = [];
  beforeAll(async () => {
    h = await startBrowserHarness();
    h.page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("lists, invites, re-roles and deactivates people", async () => {
    const page = h.page;
    await h.signInAs("admin");
    await page.getByRole("link", { name: "Admin", exact: true }).click();
    const people = page.getByTestId("people");
    await people.getByText("Tara Rep").waitFor();
    await h.screenshot("admin-people");

    await page.getByLabel("Email").fill("nina@demo.test");
    await page.getByLabel("Name", { exact: true }).fill("Nina New");
    await page.locator("#inv-role-rep").check();
    await page.getByRole("button", { name: "Invite" }).click();
    await page.getByTestId("people-notice").getByText("Invited Nina New").waitFor();
    const nina = page.locator('tr[data-person="nina@demo.test"]');
    await expect.poll(() => nina.getByTestId("roles").textContent()).toBe("rep");

    await nina.getByRole("button", { name: "Change roles of Nina New" }).click();
    await nina.getByLabel("slm").check();
    await nina.getByRole("button", { name: "Save roles" }).click();
    await expect.poll(() => nina.getByTestId("roles").textContent()).toBe("rep, slm");

    await nina.getByRole("button", { name: "Deactivate Nina New" }).click();
    await nina.getByText("deactivated").waitFor();
    await nina.getByRole("button", { name: "Reactivate Nina New" }).waitFor();
    await h.screenshot("admin-people-changed");
  });

  it("creates a token shown once, which works until it is revoked", async () => {
    const page = h.page;
    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByLabel("Name (what it is for)").fill("CRM sync");
    await page.locator("#tok-role-revops").check();
    await page.getByLabel("Expires in (days)").fill("30");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByTestId("new-token");
    await shown.waitFor();
    const token = (await shown.textContent())!;
    expect(token).toMatch(/^bt_/);
    await h.screenshot("admin-token-created");
    const me = await fetch(`${h.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect((await me.json()).roles).toEqual(["revops"]);
    // shown once: gone when dismissed, and nowhere in the list
    await page.getByRole("button", { name: "I have copied it" }).click();
    await expect.poll(() => page.getByTestId("new-token").count()).toBe(0);
    expect(await page.getByTestId("tokens").textContent()).not.toContain(token);

    const row = page.locator('tr[data-token="CRM sync"]');
    await row.getByRole("button", { name: "Revoke CRM sync" }).click();
    await expect.poll(() => row.getByTestId("token-status").textContent()).toBe("revoked");
    const after = await fetch(`${h.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe("TOKEN_REVOKED");
    await h.screenshot("admin-tokens");
  });

  it("reads the audit log and filters it by action", async () => {
    const page = h.page;
    await page.getByRole("link", { name: "Audit log" }).click();
    const audit = page.getByTestId("audit");
    await audit.locator('tr[data-action="person_invited"]').waitFor();
    await audit.locator('tr[data-action="token_created"]').waitFor();
    await page.getByLabel("Action").selectOption("role_changed");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => audit.locator("tbody tr").count()).toBe(1);
    expect(await audit.locator("tbody tr").first().getAttribute("data-action")).toBe("role_changed");
    expect(await audit.textContent()).toContain("Nina New: rep → rep, slm");
    await h.screenshot("admin-audit");
    // the Sign-in tab shows the single sign-on settings (admin-sign-in.tsx)
    await page.getByRole("link", { name: "Sign-in" }).click();
    await page.getByTestId("admin-sign-in").waitFor();
    expect(cspErrors).toEqual([]);
  });

  it("signs a person out everywhere after a confirmation; signing yourself out returns to sign-in", async () => {
    const page = h.page;
    // Tara Rep is signed in elsewhere (another browser: a demo sign-in from here, by fetch)
    const signIn = await fetch(`${h.url}/auth/demo`, {
      method: "POST",
      headers: { origin: h.url, "content-type": "application/json" },
      body: JSON.stringify({ key: "rep" }),
    });
    expect(signIn.status).toBe(200);
    const cookie = String(signIn.headers.get("set-cookie")).split(";")[0];
    const meAsTara = () => fetch(`${h.url}/api/v1/me`, { headers: { cookie } });
    expect((await meAsTara()).status).toBe(200);

    await page.getByRole("link", { name: "Admin", exact: true }).click();
    await page.getByRole("link", { name: "People", exact: true }).click();
    const tara = page.locator('tr[data-person="tara@demo.test"]');
    // dismissing the confirmation ends nothing
    page.once("dialog", (d) => void d.dismiss());
    await tara.getByRole("button", { name: "Sign out everywhere: Tara Rep" }).click();
    expect((await meAsTara()).status).toBe(200);
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void d.accept();
    });
    await tara.getByRole("button", { name: "Sign out everywhere: Tara Rep" }).click();
    await page
      .getByTestId("people-notice")
      .getByText("Tara Rep is signed out everywhere: 1 session ended.")
      .waitFor();
    expect(asked).toContain("Sign Tara Rep out everywhere?");
    const after = await meAsTara();
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe("SESSION_ENDED");
    await expect.poll(() => tara.locator(".badge").textContent()).toBe("active");
    await h.screenshot("admin-people-signed-out");

    // the admin's own row: this very session ends, and the workspace goes back to sign-in
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Sign out everywhere: Ada Admin" }).click();
    await page.getByTestId("demo-admin").waitFor();
    const me = await page.evaluate(async () => (await fetch("/api/v1/me")).status);
    expect(me).toBe(401);
    expect(cspErrors).toEqual([]);
  });
});
