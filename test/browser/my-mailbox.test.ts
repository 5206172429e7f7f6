// issue 67 item 1 in Chromium, from a fresh demo: a rep connects Google and the exec Microsoft from
// My mailbox by clicking the stand-ins' consent pages; a replayed, an expired and another session's
// state are refused, and consent by another address than the mailbox's is refused, with nothing
// stored. The admin sees both mailboxes with their owners on the Mailboxes page; the rep disconnects
// hers after a confirmation (Google revokes the grant). Screenshots in test-artifacts/screenshots/,
// used by docs/mailboxes.md "Connect your mailbox"; 0 serious axe violations, no console error.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { startGoogleStandIn } from "../support/google-stand-in.ts";
import type { ProviderStandIn } from "../support/mail-provider-stand-in.ts";
import { startMicrosoftStandIn } from "../support/microsoft-stand-in.ts";
import { describeBrowser } from "../support/multi.ts";

const REP = "tara@demo.test";
const EXEC = "justin@demo.test";
const OTHER = "someone.else@demo.test";

describeBrowser("browser: My mailbox (connect by consent, refusals, disconnect)", () => {
  let h: BrowserHarness;
  let google: ProviderStandIn;
  let microsoft: ProviderStandIn;
  beforeAll(async () => {
    h = await startBrowserHarness();
    google = await startGoogleStandIn({ users: [REP, EXEC, OTHER] });
    microsoft = await startMicrosoftStandIn({ users: [REP, EXEC, OTHER] });
    google.redirectUris = [`${h.url}/api/v1/mailboxes/oauth/google/callback`];
    microsoft.redirectUris = [`${h.url}/api/v1/mailboxes/oauth/microsoft/callback`];
    // the deployment's OAuth apps (BATON_MAILBOX_*), pointed at the stand-ins
    Object.assign(h.deps.config.inbox.secretEnv, {
      BATON_MAILBOX_GOOGLE_CLIENT_ID: google.clientId,
      BATON_MAILBOX_GOOGLE_CLIENT_SECRET: google.clientSecret,
      BATON_MAILBOX_GOOGLE_AUTH_URL: google.authorizeUrl,
      BATON_MAILBOX_GOOGLE_TOKEN_URL: google.tokenUrl,
      BATON_MAILBOX_GOOGLE_REVOKE_URL: google.revokeUrl!,
      BATON_MAILBOX_GOOGLE_API_URL: google.apiUrl,
      BATON_MAILBOX_MICROSOFT_CLIENT_ID: microsoft.clientId,
      BATON_MAILBOX_MICROSOFT_CLIENT_SECRET: microsoft.clientSecret,
      BATON_MAILBOX_MICROSOFT_AUTH_URL: microsoft.authorizeUrl,
      BATON_MAILBOX_MICROSOFT_TOKEN_URL: microsoft.tokenUrl,
      BATON_MAILBOX_MICROSOFT_API_URL: microsoft.apiUrl,
    });
    // the stand-ins serve no favicon: Chromium's request for one is not a console error of Baton's
    await h.context.route(
      (u) => [google.url, microsoft.url].includes(u.origin) && u.pathname === "/favicon.ico",
      (route) => route.fulfill({ status: 204, body: "" }),
    );
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await google?.close();
    await microsoft?.close();
  }, 60_000);

  const rows = () =>
    h.database.db
      .selectFrom("mailbox_connections")
      .select(["mailbox", "owner_id", "provider", "status", "refresh_token_sealed"])
      .where("client_id", "=", h.clientId)
      .orderBy("mailbox")
      .execute();

  const openMyMailbox = async (page: Page) => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My mailbox" }).click();
    await page.getByRole("heading", { level: 1, name: "My mailbox" }).waitFor();
  };

  /** At the stand-in's consent page: pick the account, allow (every permission left ticked). */
  const consentAs = async (page: Page, email: string) => {
    await page.locator("#allow").waitFor();
    await page.locator(`button.account[data-email="${email}"]`).click();
    await page.locator("#allow").click();
  };

  /**
   * Clicks Connect and consents, but keeps the provider's redirect back (its Location) instead of
   * following it: the consent page's answer is fetched here and the browser shown a blank page.
   */
  const consentHeldBack = async (page: Page, standIn: ProviderStandIn, provider: string, email: string) => {
    let held = "";
    const consentPost = (u: URL) => u.origin === standIn.url;
    await page.route(consentPost, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const answer = await route.fetch({ maxRedirects: 0 });
      held = answer.headers().location ?? "";
      await route.fulfill({
        status: 200,
        contentType: "text/html",
        body: "<!doctype html><title>held</title>",
      });
    });
    try {
      await page.getByRole("button", { name: `Connect ${provider}` }).click();
      await consentAs(page, email);
      await expect.poll(() => held).toContain("/api/v1/mailboxes/oauth/");
    } finally {
      await page.unroute(consentPost);
    }
    return held;
  };

  const outcome = (page: Page) => page.getByTestId("mailbox-outcome");
  const clean = async (name: string) => {
    await h.screenshot(name);
    expect(await h.a11y(), name).toEqual([]);
    expect(h.consoleErrors, name).toEqual([]);
  };

  it("the rep connects Google by consent; the same redirect replayed is refused and stores nothing", async () => {
    const page = h.page;
    await h.signInAs("rep");
    await openMyMailbox(page);
    await page.getByTestId("no-mailbox").waitFor();
    await page.getByRole("button", { name: "Connect Google" }).waitFor();
    await page.getByRole("button", { name: "Connect Microsoft" }).waitFor();
    await clean("my-mailbox-empty");

    let callback = "";
    page.on("request", (r) => {
      if (r.url().includes("/api/v1/mailboxes/oauth/google/callback")) callback = r.url();
    });
    await page.getByRole("button", { name: "Connect Google" }).click();
    await page.waitForURL(/\/o\/oauth2\/v2\/auth/);
    expect(new URL(page.url()).searchParams.get("login_hint")).toBe(REP);
    await h.screenshot("my-mailbox-google-consent");
    await consentAs(page, REP);
    await page.waitForURL(/\/my-mailbox\?/);
    expect(await outcome(page).getAttribute("data-ok")).toBe("true");
    expect(await outcome(page).textContent()).toContain(`${REP} is connected to Google`);
    const mine = page.getByTestId("my-mailbox").filter({ hasText: REP });
    await expect.poll(() => mine.getAttribute("data-status")).toBe("connected");
    expect(await mine.getByTestId("my-mailbox-state").textContent()).toContain("Connected");
    await clean("my-mailbox-connected");
    const after = await rows();
    expect(after.map((r) => [r.mailbox, r.provider, r.status])).toEqual([[REP, "google", "connected"]]);

    // the provider's redirect again (a replay from the history): used, nothing changes
    expect(callback).toContain("code=");
    await page.goto(callback);
    await page.waitForURL(/\/my-mailbox\?.*error=MAILBOX_OAUTH_STATE_INVALID/);
    expect(await outcome(page).getAttribute("data-ok")).toBe("false");
    expect(await outcome(page).textContent()).toContain("used already");
    await clean("my-mailbox-replayed");
    expect(await rows()).toEqual(after);
  });

  it("the exec's consent finished in another session, or after 10 minutes, is refused; nothing is stored", async () => {
    const page = h.page;
    await h.signInAs("exec");
    await openMyMailbox(page);
    const held = await consentHeldBack(page, microsoft, "Microsoft", EXEC);
    // another browser, signed in as the same exec: another session
    const other = await h.browser.newContext({ baseURL: h.url });
    try {
      const p2 = await other.newPage();
      await p2.goto("/");
      await p2.getByTestId("demo-exec").click();
      await p2.getByRole("button", { name: "Sign out", exact: true }).waitFor();
      await p2.goto(held);
      await p2.waitForURL(/error=MAILBOX_OAUTH_STATE_INVALID/);
      expect(new URL(p2.url()).searchParams.get("reason")).toBe("other_session");
      await p2.getByTestId("mailbox-outcome").getByText("another browser or sign-in").waitFor();
    } finally {
      await other.close();
    }
    expect((await rows()).filter((r) => r.mailbox === EXEC)).toEqual([]);

    // a consent left for more than 10 minutes (the page was left on the held redirect)
    await page.goto("/my-mailbox");
    await page.getByRole("heading", { level: 1, name: "My mailbox" }).waitFor();
    const late = await consentHeldBack(page, microsoft, "Microsoft", EXEC);
    h.clock.now = new Date(Date.now() + 11 * 60_000);
    try {
      await page.goto(late);
      await page.waitForURL(/error=MAILBOX_OAUTH_STATE_INVALID/);
      expect(new URL(page.url()).searchParams.get("reason")).toBe("expired");
      await outcome(page).getByText("more than 10 minutes").waitFor();
    } finally {
      h.clock.now = null;
    }
    await clean("my-mailbox-expired");
    expect((await rows()).filter((r) => r.mailbox === EXEC)).toEqual([]);
  });

  it("the exec consents as another address: refused, nothing stored; then connects Microsoft as himself", async () => {
    const page = h.page;
    await h.signInAs("exec");
    await openMyMailbox(page);
    await page.getByRole("button", { name: "Connect Microsoft" }).click();
    await consentAs(page, OTHER);
    await page.waitForURL(/error=MAILBOX_ACCOUNT_MISMATCH/);
    expect(await outcome(page).textContent()).toContain(
      `You signed in to Microsoft as ${OTHER}, not as ${EXEC}. Nothing was connected.`,
    );
    await clean("my-mailbox-mismatch");
    expect((await rows()).filter((r) => r.mailbox === EXEC || r.mailbox === OTHER)).toEqual([]);

    await page.getByRole("button", { name: "Connect Microsoft" }).click();
    await page.waitForURL(/\/oauth2\/v2\.0\/authorize/);
    await h.screenshot("my-mailbox-microsoft-consent");
    await consentAs(page, EXEC);
    await page.waitForURL(/connected=/);
    await outcome(page).getByText(`${EXEC} is connected to Microsoft`).waitFor();
    await expect
      .poll(() => page.getByTestId("my-mailbox").filter({ hasText: EXEC }).getAttribute("data-status"))
      .toBe("connected");
    await clean("my-mailbox-exec-connected");
    expect((await rows()).map((r) => [r.mailbox, r.provider, r.status])).toEqual([
      [EXEC, "microsoft", "connected"],
      [REP, "google", "connected"],
    ]);
  });

  it("the admin sees every connected mailbox with its owner and health on the Mailboxes page", async () => {
    const page = h.page;
    await h.signInAs("admin");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mailboxes" }).click();
    const card = page.getByTestId("connected-mailboxes");
    const rep = card.getByTestId("connected-mailbox").filter({ hasText: REP });
    const exec = card.getByTestId("connected-mailbox").filter({ hasText: EXEC });
    await rep.waitFor();
    expect(await rep.textContent()).toContain("Tara Rep");
    expect(await rep.textContent()).toContain("of 2,000");
    expect(await exec.textContent()).toContain("Justin Exec");
    expect(await exec.textContent()).toContain("of 10,000, 30/min");
    await card.scrollIntoViewIfNeeded();
    await clean("mailboxes-connected");
  });

  it("the rep disconnects her mailbox after a confirmation: Google revokes the grant, the tokens are gone", async () => {
    const page = h.page;
    await h.signInAs("rep");
    await openMyMailbox(page);
    const mine = page.getByTestId("my-mailbox").filter({ hasText: REP });
    await mine.getByRole("button", { name: "Disconnect" }).click();
    await mine.getByTestId("disconnect-confirm").waitFor();
    await clean("my-mailbox-disconnect-confirm");
    const revokes = google.requests.filter((r) => r.path === "/revoke").length;
    await mine.getByRole("button", { name: "Yes, disconnect" }).click();
    await expect.poll(() => mine.getAttribute("data-status")).toBe("disconnected");
    await page.getByTestId("mailbox-note").getByText("Google revoked Baton's grant").waitFor();
    expect(google.requests.filter((r) => r.path === "/revoke" && r.status === 200).length).toBe(revokes + 1);
    await mine.getByRole("button", { name: "Connect again" }).waitFor();
    await clean("my-mailbox-disconnected");
    const [row] = (await rows()).filter((r) => r.mailbox === REP);
    expect(row).toMatchObject({ status: "disconnected", refresh_token_sealed: null });
  });
});
