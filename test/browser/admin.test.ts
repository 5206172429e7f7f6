// The admin's pages in Chromium (issue 11): people (list, invite, change roles, deactivate, sign out
// everywhere, the CRM user id of issue 61), API tokens (created and shown once, then revoked: the
// server refuses it next; an agent's bound to a team's book), and the audit log with a filter.
// Screenshots go with the others (test-artifacts/screenshots).
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

  it("binds an agent's token to a team's book; the list says what each token reaches", async () => {
    const page = h.page;
    h.consoleErrors.length = 0;
    await page.getByLabel("Name (what it is for)").fill("Mid-market agent");
    await page.getByLabel("For", { exact: true }).selectOption("agent");
    await page.getByLabel("Agent id").fill("AGT-777");
    const reaches = page.getByLabel("Reaches the prospects of");
    expect(await reaches.inputValue()).toBe(""); // the whole workspace unless chosen
    await reaches.selectOption({ label: "team Mid-market sales" });
    await page.getByTestId("tok-book-note").getByText("create another token and revoke this one").waitFor();
    const violations = [...(await h.a11y())];
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!;
    await page.getByRole("button", { name: "I have copied it" }).click();
    const row = page.locator('tr[data-token="Mid-market agent"]');
    await expect.poll(() => row.getByTestId("token-book").textContent()).toBe("team Mid-market sales");
    expect(await page.locator('tr[data-token="CRM sync"]').getByTestId("token-book").textContent()).toBe(
      "its person's book",
    );
    violations.push(...(await h.a11y()));
    await h.screenshot("admin-token-bound");
    // the token reaches the team's people's prospects, not the workspace
    const books = await fetch(`${h.url}/api/v1/books`, { headers: { authorization: `Bearer ${token}` } });
    expect((await books.json()).your_book).toBe("people");
    expect(violations).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it("reads the audit log and filters it by action", async () => {
    const page = h.page;
    await page.getByRole("link", { name: "Audit log" }).click();
    const audit = page.getByTestId("audit");
    await audit.locator('tr[data-action="person_invited"]').waitFor();
    await audit.locator('tr[data-action="token_created"]').first().waitFor();
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

  it("sets a person's CRM user id, shows the API's refusals, and clears it (issue 61)", async () => {
    const page = h.page;
    await page.getByRole("link", { name: "People", exact: true }).click();
    const crmUserOf = async (email: string) =>
      (
        await h.deps.db
          .selectFrom("principals")
          .select("crm_user_id")
          .where("client_id", "=", h.clientId)
          .where("email", "=", email)
          .executeTakeFirstOrThrow()
      ).crm_user_id;
    const tara = page.locator('tr[data-person="tara@demo.test"]');
    await tara.getByRole("button", { name: "Set the CRM user id of Tara Rep" }).click();
    await tara.getByLabel("CRM user id of Tara Rep", { exact: true }).fill("  005Hs00000TaraQ ");
    await tara.getByRole("button", { name: "Save", exact: true }).click();
    await page
      .getByTestId("people-notice")
      .getByText("Tara Rep's CRM user id is now 005Hs00000TaraQ.")
      .waitFor();
    await expect.poll(() => tara.getByTestId("crm-user-id").textContent()).toBe("005Hs00000TaraQ");
    expect(await crmUserOf("tara@demo.test")).toBe("005Hs00000TaraQ");

    // another person with the same id: refused, naming who carries it; nothing written
    const sam = page.locator('tr[data-person="sam@demo.test"]');
    await sam.getByRole("button", { name: "Set the CRM user id of Sam Sales-Leader" }).click();
    const samField = sam.getByLabel("CRM user id of Sam Sales-Leader", { exact: true });
    await samField.fill("005Hs00000TaraQ");
    await sam.getByRole("button", { name: "Save", exact: true }).click();
    const taken = sam.getByTestId("crm-user-refusal");
    await taken.waitFor();
    expect(await taken.getAttribute("data-code")).toBe("CRM_USER_TAKEN");
    expect(await taken.textContent()).toContain("Tara Rep already carries the CRM user id 005Hs00000TaraQ.");
    expect(await samField.getAttribute("aria-invalid")).toBe("true");
    // too long: the API's 400, said in words
    await samField.fill("x".repeat(201));
    await sam.getByRole("button", { name: "Save", exact: true }).click();
    await sam.getByText("A CRM user id is at most 200 characters; this one has 201.").waitFor();
    expect(await sam.getByTestId("crm-user-refusal").getAttribute("data-code")).toBe("VALIDATION_FAILED");
    await h.screenshot("admin-people-crm-user-refused");
    expect(await crmUserOf("sam@demo.test")).toBeNull();
    await samField.fill("005Hs00000SamZ");
    await sam.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => sam.getByTestId("crm-user-id").textContent()).toBe("005Hs00000SamZ");
    expect(await crmUserOf("sam@demo.test")).toBe("005Hs00000SamZ");

    // cleared: the person no longer carries it, the audit log says so
    await tara.getByRole("button", { name: "Change the CRM user id of Tara Rep" }).click();
    await tara.getByRole("button", { name: "Clear", exact: true }).click();
    await page.getByTestId("people-notice").getByText("Tara Rep has no CRM user id now").waitFor();
    await expect.poll(() => tara.getByTestId("crm-user-id").textContent()).toBe("—");
    expect(await crmUserOf("tara@demo.test")).toBeNull();
    const audited = await h.deps.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("client_id", "=", h.clientId)
      .where("action", "=", "person_crm_user_set")
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(3);
    await h.screenshot("admin-people-crm-user");
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
