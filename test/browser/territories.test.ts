// The Territories page in Chromium (issue 61 item 1): RevOps gives the demo's mid-market segment to
// the Mid-market sales team, sees who moves before saving (Save is offered only for the change that
// was previewed), then carves a retail rule out of it at a lower priority number and sees Northwind
// move from one territory to the other; counts the contacts that would be routed; previews a delete.
// A rep reads the territories and is offered no control. 0 console errors, 0 serious axe.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: territories", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("RevOps previews who moves, then saves a segment territory and a rule that takes from it", async () => {
    const page = h.page;
    h.consoleErrors.length = 0;
    await h.signInAs("revops");
    await page.getByRole("link", { name: "Territories", exact: true }).click();
    await page.getByTestId("no-territories").waitFor();

    await page.getByRole("button", { name: "New territory" }).click();
    const form = page.getByRole("form", { name: "New territory" });
    await form.getByLabel("Name").fill("Mid-market");
    await form.getByLabel("Owning team").selectOption({ label: "Mid-market sales" });
    await form.getByLabel("Priority").fill("10");
    await form.getByLabel("Covers").selectOption("segment");
    await form.getByLabel("Segment", { exact: true }).selectOption({ label: "Commercial mid-market" });
    expect(await form.getByRole("button", { name: "Save territory" }).isDisabled()).toBe(true);
    await form.getByRole("button", { name: "Preview who moves" }).click();
    const preview = form.getByTestId("territory-preview");
    await preview.locator('tr[data-moves="Northwind Commerce"]').waitFor();
    expect(await preview.locator('tr[data-moves="Northwind Commerce"]').textContent()).toContain(
      "no territoryMid-market (Mid-market sales)",
    );
    const violations = [...(await h.a11y())];
    await h.screenshot("territories-preview");
    // nothing was saved by the preview
    const before = await page.evaluate(async () => (await (await fetch("/api/v1/territories")).json()).items);
    expect(before).toEqual([]);
    await form.getByRole("button", { name: "Save territory" }).click();
    await page
      .getByTestId("territories-notice")
      .getByText(/Territory Mid-market saved; \d+ accounts moved/)
      .waitFor();
    const mm = page.locator('tr[data-territory="Mid-market"]');
    await mm.waitFor();
    expect(await mm.textContent()).toContain("segment Commercial mid-market");

    // a retail rule with a lower number takes Northwind from Mid-market
    await page.getByRole("button", { name: "New territory" }).click();
    const retail = page.getByRole("form", { name: "New territory" });
    await retail.getByLabel("Name").fill("Retail");
    await retail.getByLabel("Owning team").selectOption({ label: "Mid-market sales" });
    await retail.getByLabel("Priority").fill("5");
    await retail.getByLabel("Condition 1").selectOption("vertical");
    await retail.getByLabel("Values, comma-separated").fill("retail");
    await retail.getByRole("button", { name: "Preview who moves" }).click();
    const row = retail.getByTestId("territory-preview").locator('tr[data-moves="Northwind Commerce"]');
    await row.waitFor();
    expect(await row.textContent()).toContain("Mid-market (Mid-market sales)Retail (Mid-market sales)");
    // a change after the preview needs a new one
    await retail.getByLabel("Priority").fill("6");
    expect(await retail.getByRole("button", { name: "Save territory" }).isDisabled()).toBe(true);
    await retail.getByRole("button", { name: "Preview who moves" }).click();
    await row.waitFor();
    await retail.getByRole("button", { name: "Save territory" }).click();
    await page.locator('tr[data-territory="Retail"]').waitFor();
    const list = await page.evaluate(async () => (await (await fetch("/api/v1/territories")).json()).items);
    expect(list.map((t: { name: string; priority: number }) => [t.name, t.priority])).toEqual([
      ["Retail", 6],
      ["Mid-market", 10],
    ]);

    await page.getByRole("button", { name: "Count who would be routed" }).click();
    await page
      .getByTestId("assign-result")
      .getByText(/^Would route: /)
      .waitFor();
    violations.push(...(await h.a11y()));
    await h.screenshot("territories-revops");

    // a delete is previewed too: Northwind falls back to Mid-market
    await page.getByRole("button", { name: "Delete Retail" }).click();
    const del = page.getByRole("region", { name: "Delete Retail?" });
    await del.locator('tr[data-moves="Northwind Commerce"]').waitFor();
    await del.getByRole("button", { name: "Cancel" }).click();
    expect(violations).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it("a rep reads the territories and is offered nothing to change", async () => {
    const page = h.page;
    h.consoleErrors.length = 0;
    await h.signInAs("rep");
    await page.getByRole("link", { name: "Territories", exact: true }).click();
    await page.locator('tr[data-territory="Mid-market"]').waitFor();
    expect(await page.getByRole("button", { name: /New territory|Edit|Delete|Count who/ }).count()).toBe(0);
    expect(await h.a11y()).toEqual([]);
    await h.screenshot("territories-rep");
    expect(h.consoleErrors).toEqual([]);
  });
});
