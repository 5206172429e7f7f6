import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: sign-in", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("refuses a bad token with the code shown, then signs in with one click and adapts the nav to the roles", async () => {
    const page = h.page;
    await page.goto("/");
    await page.getByLabel("API token").fill("bt_not_a_token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("error").getByText("UNAUTHENTICATED").waitFor();
    await h.screenshot("sign-in");

    await h.signInAs("rep");
    await expect.poll(() => page.getByTestId("who").textContent()).toContain("Tara Rep");
    // a rep does not see the play library or the dashboard
    expect(await page.getByRole("link", { name: "Play library" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Approval inbox" }).count()).toBe(1);

    await h.signInAs("revops");
    await page.getByRole("link", { name: "RevOps dashboard" }).waitFor();
    // RevOps neither approves drafts nor does manual touches: no inbox to show
    expect(await page.getByRole("link", { name: "Approval inbox" }).count()).toBe(0);
  });
});
