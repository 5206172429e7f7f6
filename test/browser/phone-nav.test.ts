// Issue 60 item 5 in the browser: at 390 px (a phone) the navigation folds behind a menu button, as
// a screen reader and a keyboard expect: aria-expanded says whether it is open, opening puts the
// focus on the first link, Escape closes it and gives the focus back, following a link closes it.
// Wider screens show every link and no button.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, SCREENSHOTS, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: the navigation on a phone", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  const clean = async (name: string) => {
    // the screen as a phone shows it (not the full page)
    await h.page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
    expect(await h.a11y(), name).toEqual([]);
    expect(h.consoleErrors, name).toEqual([]);
  };

  it("folds the links behind a menu button at 390 px; Escape closes it and returns the focus", async () => {
    const page = h.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await h.signInAs("exec");
    const nav = page.getByRole("navigation", { name: "Main" });
    const menu = nav.getByRole("button", { name: "Menu" });
    await menu.waitFor();
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    const campaigns = nav.getByRole("link", { name: "Campaigns" });
    expect(await campaigns.isVisible()).toBe(false);
    // the header is one line: the page's heading starts within the top fifth of the screen
    const h1 = await page.getByRole("heading", { level: 1 }).boundingBox();
    expect(h1?.y ?? 999).toBeLessThan(844 / 5);
    await clean("phone-nav-closed");

    // keyboard: Enter opens, the focus is on the first link
    await menu.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("true");
    expect(await campaigns.isVisible()).toBe(true);
    // the menu button is inside the nav too, and the focus moves on the next animation frame: wait
    // for a link of the list, not only for the nav (the suite failed once on the button)
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest("nav")?.getAttribute("aria-label")))
      .toBe("Main");
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("A");
    expect(await page.evaluate(() => document.activeElement?.closest("#main-nav-links") !== null)).toBe(true);
    await clean("phone-nav-open");

    // Escape closes and the focus goes back to the button
    await page.keyboard.press("Escape");
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
    expect(await campaigns.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("menu-button");

    // following a link closes the menu and lands on the page
    await menu.click();
    await campaigns.click();
    await page.getByRole("heading", { level: 1, name: "Campaigns" }).waitFor();
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    await clean("phone-nav-after-link");
  });

  it("shows every link and no menu button on a laptop", async () => {
    const page = h.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Campaigns" }).waitFor();
    expect(await nav.getByRole("button", { name: "Menu" }).isVisible()).toBe(false);
    await clean("laptop-nav");
  });
});
