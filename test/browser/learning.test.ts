// The workspace on a fresh demo with its living history (issue 13): the dashboard, a campaign's step
// funnel and its A/B variants panel (B the clear winner on step 1), CSV export, winner promotion,
// and retrospective review on the play page. Screenshots go with the others.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, callApi, SCREENSHOTS, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser(
  "browser: learning (funnels, variants, retrospectives) on the living demo",
  () => {
    let h: BrowserHarness;
    beforeAll(async () => {
      h = await startBrowserHarness({ livingHistory: true });
    }, 600_000);
    afterAll(async () => h?.close(), 60_000);

    const points = async (testId: string) =>
      Number(await h.page.getByTestId(testId).first().getAttribute("data-points"));

    it("dashboard: every chart has data from the simulated 60 days", async () => {
      const page = h.page;
      await h.signInAs("revops");
      await page.goto("/dashboard");
      await page.getByTestId("chart-touches").waitFor();
      await expect.poll(() => points("chart-touches")).toBeGreaterThan(20);
      // touches on most of the last 30 days, holds and suppressions by reason, cohorts, calibration
      // (each chart loads its own data: polled, as a person would wait for it on a loaded machine)
      await expect
        .poll(() => page.getByTestId("chart-touches").locator("circle, rect").count())
        .toBeGreaterThan(0);
      await expect.poll(() => points("chart-suppressions")).toBeGreaterThan(0);
      expect(await page.getByTestId("chart-suppressions").getByText("No data yet").count()).toBe(0);
      await expect.poll(() => points("chart-calibration")).toBeGreaterThan(0);
      const cohortText = await page.getByTestId("chart-cohorts").textContent();
      expect(cohortText).toMatch(/\d/);
      await expect.poll(() => page.getByTestId("flag").count()).toBeGreaterThan(0);
      // the prospect timeline of a history contact shows its touches
      const contact = await h.database.db
        .selectFrom("contacts")
        .select("contact_id")
        .where("client_id", "=", "demo")
        .where("email", "like", "history.1@%")
        .executeTakeFirstOrThrow();
      const timeline = await callApi<{ items: unknown[] }>(
        h,
        "bt_demo_revops",
        "GET",
        `/api/v1/contacts/${contact.contact_id}/timeline?limit=100`,
      );
      expect(timeline.items.length).toBeGreaterThan(1);
      await h.screenshot("dashboard-living-history");
    });

    it("campaign funnel and variants panel: B leads on step 1; CSV export; RevOps promotes B", async () => {
      const page = h.page;
      await page.goto("/campaigns/b2bea_membership");
      await page.getByRole("link", { name: "Funnel and A/B variants" }).click();
      await page.getByTestId("funnel-steps").waitFor();
      expect(await points("funnel-steps")).toBeGreaterThanOrEqual(4);
      const firstRow = page.getByTestId("funnel-steps").locator("tbody tr").filter({ hasText: "1. email" });
      const sent = Number(await firstRow.locator("td").first().textContent());
      expect(sent).toBeGreaterThan(10);
      expect(await points("funnel-weeks")).toBeGreaterThan(2);
      await h.screenshot("funnel");

      // CSV of the per-step table, downloaded through a Blob
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("funnel-steps").getByRole("button", { name: "Download CSV" }).click(),
      ]);
      const file = await download.path();
      const csv = fs.readFileSync(file!, "utf8");
      expect(csv.split("\r\n")[0]).toMatch(/^\uFEFFStep,Sent,Delivered,Bounced,Replied,Reply rate/);
      expect(csv.split("\r\n").length).toBeGreaterThan(4);

      const panel = page.getByTestId("variants-panel");
      await panel.scrollIntoViewIfNeeded();
      const readout = panel.getByTestId("variants-step-1").getByTestId("variant-readout");
      await expect.poll(() => readout.textContent()).toContain("B leads");
      await panel.screenshot({ path: path.join(SCREENSHOTS, "variants-panel.png") });

      await panel.getByRole("button", { name: "Promote B of step 1" }).click();
      await panel.getByTestId("variants-step-1").getByTestId("variant-winner").waitFor();
      expect(
        await panel.getByTestId("variants-step-1").getByTestId("variant-winner").textContent(),
      ).toContain("Winner B");
      await panel.screenshot({ path: path.join(SCREENSHOTS, "variants-panel-promoted.png") });
    });

    it("play page: the retrospective drafted from the numbers, amended by RevOps, with its history", async () => {
      const page = h.page;
      const retros = await callApi<{ items: { play_id: string }[] }>(
        h,
        "bt_demo_revops",
        "GET",
        "/api/v1/learning/retrospectives",
      );
      expect(retros.items.length).toBeGreaterThan(0);
      const playId = retros.items[0].play_id;
      await page.goto(`/plays/${playId}`);
      const panel = page.getByTestId("retrospective-panel");
      await panel.getByTestId("retro-text").first().waitFor();
      expect(await panel.getByTestId("retro-text").first().textContent()).toMatch(/contacts enrolled/);
      expect((await panel.getByTestId("retro-status").first().textContent())?.toLowerCase()).toBe("draft");
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: path.join(SCREENSHOTS, "retrospective-review.png") });

      await panel.getByRole("button", { name: "Amend…" }).click();
      await panel.getByLabel("ACV ($)").fill("18000");
      await panel.getByLabel("Notes").fill("One deal closed outside Baton.");
      await panel.getByRole("button", { name: "Save amendment" }).click();
      await expect
        .poll(async () => (await panel.getByTestId("retro-status").first().textContent())?.toLowerCase())
        .toBe("amended");
      await expect.poll(() => points("retro-revisions")).toBe(2);
      await h.screenshot("retrospective-amended");

      await panel.getByRole("link", { name: "Step funnel of this play" }).click();
      await page.getByTestId("funnel-steps").waitFor();
      await expect.poll(() => points("funnel-steps")).toBeGreaterThan(0);
      await h.screenshot("play-funnel");
    });

    it("approvals: the history leaves its last days' drafts for the exec, at any hour", async () => {
      const page = h.page;
      await h.signInAs("exec");
      await page.goto("/approvals");
      await page.getByRole("heading", { level: 1 }).waitFor();
      const drafts = await callApi<{ items: unknown[] }>(
        h,
        "bt_demo_exec",
        "GET",
        "/api/v1/drafts?status=pending",
      );
      // its late contacts' first drafts (8 of 80) and the last days' steps wait, whatever the hour or weekday
      expect(drafts.items.length).toBeGreaterThanOrEqual(5);
      await page.getByText("Approve").first().waitFor();
      await h.screenshot("inbox-living-history");
    });
  },
  600_000,
);
