import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: sign-in", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("explains an unknown SSO workspace, then signs in with one click (a session cookie, no token in storage) and adapts the nav to the roles", async () => {
    const page = h.page;
    const cspErrors: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto("/");
    await page.getByTestId("demo-banner").waitFor();
    // in demo mode the demo people come first, single sign-on below them (issue 60)
    await page.getByRole("heading", { name: "Demo: sign in as" }).waitFor();
    expect(await page.locator("main h2").allTextContents()).toEqual(["Demo: sign in as", "Single sign-on"]);
    await page.getByLabel("Workspace").first().fill("nosuch");
    await page.getByRole("button", { name: "Continue with single sign-on" }).click();
    await page.getByTestId("signin-refused").getByText("has no single sign-on set up").waitFor();
    await h.screenshot("sign-in");

    await h.signInAs("rep");
    await expect.poll(() => page.getByTestId("who").textContent()).toContain("Tara Rep");
    await page.getByTestId("demo-banner").waitFor();
    // a rep does not see the play library or the dashboard
    expect(await page.getByRole("link", { name: "Play library" }).count()).toBe(0);
    // issue 60: the rep lands on their tasks
    expect(await page.getByRole("link", { name: /^Tasks/ }).count()).toBe(1);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/tasks");
    // the workspace keeps no token in browser storage; the session cookie is httpOnly
    expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
    const cookies = await h.context.cookies();
    expect(cookies.find((c) => c.name === "baton_session")).toMatchObject({
      httpOnly: true,
      sameSite: "Lax",
    });
    expect(await page.evaluate(() => document.cookie)).not.toContain("baton_session");

    await h.signInAs("revops");
    await page.getByRole("link", { name: "RevOps dashboard" }).waitFor();
    // issue 37: RevOps reaches the drafts waiting (read only); issue 60: lands on the plays under review
    expect(await page.getByRole("link", { name: /^Approvals/ }).count()).toBe(1);
    await expect.poll(() => new URL(page.url()).search).toBe("?state=under_review");

    // a page's file gone (a tab opened before a deploy): a message and a way out, not a blank page
    await page.route(/\/assets\/dashboard-page-[^/]+\.js$/, (r) => r.fulfill({ status: 404, body: "" }));
    await page.getByRole("link", { name: "RevOps dashboard" }).click();
    await page
      .getByTestId("page-failed")
      .getByRole("heading", { name: "This page could not be loaded" })
      .waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe("This page could not be loaded");
    await page.unroute(/\/assets\/dashboard-page-[^/]+\.js$/);
    await page.getByTestId("page-failed").getByRole("button", { name: "Reload" }).click();
    await page.getByRole("heading", { level: 1, name: /dashboard/i }).waitFor();
    expect(await page.getByTestId("page-failed").count()).toBe(0);
    // the page's console errors so far are that step's own: the file refused and its import failed
    // (the import's error may come after the message on the page)
    await expect
      .poll(() => h.consoleErrors.some((e) => /Failed to fetch dynamically imported module/.test(e)))
      .toBe(true);
    expect(h.consoleErrors.filter((e) => !/dashboard-page-|status of 404/.test(e))).toEqual([]);
    h.consoleErrors.length = 0;

    // sign out from the shell: back to the sign-in page, and the cookie is refused afterwards
    const old = (await h.context.cookies()).find((c) => c.name === "baton_session")!;
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Baton" }).waitFor();
    const res = await fetch(`${h.url}/api/v1/me`, { headers: { cookie: `baton_session=${old.value}` } });
    expect(res.status).toBe(401);
    expect(cspErrors).toEqual([]);
  });
});
