// The Signals view in Chromium (issue 69 item 4): pricing visits recorded for a prospect of the
// rep's book raise them to the top of the rep's Signals view, with the reason in words; the rep
// dismisses another and makes a follow-up task of the first, which the Tasks page shows; RevOps sees the sources with their health. Screenshots; 0 console errors,
// 0 serious axe violations.
import { afterAll, beforeAll, expect, it } from "vitest";
import { recordSignals } from "../../src/signals/index.ts";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: signals", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("the rep's Signals view ranks a prospect who visited pricing twice; RevOps sees the sources' health", async () => {
    const page = h.page;
    h.consoleErrors.length = 0;
    await h.signInAs("rep");
    const book = await page.evaluate(
      async () => (await (await fetch("/api/v1/workspace/contacts?limit=2")).json()).items,
    );
    expect(book.length).toBe(2);
    const [hot, warm] = book as { contact_id: string; full_name: string }[];
    const now = Date.now();
    const at = (hours: number) => new Date(now - hours * 3600_000);
    await recordSignals(
      h.deps.db,
      { clientId: h.clientId, principalId: null },
      [
        {
          type: "pricing_page_visit",
          contactId: hot.contact_id,
          occurredAt: at(2),
          source: "website",
          externalId: "b1",
        },
        {
          type: "pricing_page_visit",
          contactId: hot.contact_id,
          occurredAt: at(26),
          source: "website",
          externalId: "b2",
        },
        {
          type: "content_download",
          contactId: warm.contact_id,
          occurredAt: at(50),
          source: "website",
          externalId: "b3",
        },
      ],
      { secret: h.deps.config.secret },
      new Date(now),
    );
    await page.getByRole("link", { name: "Signals", exact: true }).click();
    const rows = page.getByTestId("hot-signal");
    await rows.first().waitFor();
    await expect.poll(() => rows.first().innerText()).toContain(hot.full_name);
    expect(await rows.first().innerText()).toContain("visited the pricing page twice in 14 days");
    const violations = [...(await h.a11y())];
    await h.screenshot("signals-rep");

    const warmRow = rows.filter({ hasText: warm.full_name });
    await warmRow.getByRole("button", { name: "Dismiss" }).click();
    await page
      .getByTestId("signal-acted")
      .getByText(`${warm.full_name} dismissed until a new signal.`)
      .waitFor();
    await expect.poll(() => warmRow.count()).toBe(0);

    // "Create task": a follow-up in the rep's task queue (0640), with the signals in words
    await rows.filter({ hasText: hot.full_name }).getByRole("button", { name: "Create task" }).click();
    await page
      .getByTestId("signal-acted")
      .getByText(`A follow-up task for ${hot.full_name} is in the task queue.`)
      .waitFor();
    await page.goto("/tasks");
    const followUp = page
      .getByTestId("task-row")
      .filter({ hasText: hot.full_name })
      .filter({ hasText: "Follow-up from the Signals view" });
    await followUp.getByRole("button").first().click();
    await page
      .getByTestId("task-detail")
      .getByText("a follow-up made in the Signals view: no touch is recorded when it is done")
      .waitFor();
    expect(await page.locator("#task-message").inputValue()).toBe(
      "Follow up: visited the pricing page twice in 14 days",
    );
    violations.push(...(await h.a11y()));
    await h.screenshot("signals-follow-up-task");

    await h.signInAs("revops");
    await page.goto("/signals");
    await page.getByTestId("signal-source").filter({ hasText: "website" }).getByText("healthy").waitFor();
    violations.push(...(await h.a11y()));
    await h.screenshot("signals-revops");
    expect(violations).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
