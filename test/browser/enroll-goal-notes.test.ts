// Issue 60 item 5 ("goal and notes where enrolling"): the campaign page's enroll panel asks for the
// enrollment's goal and notes as the prospect page's form does (one component,
// web/src/components/enrollment-fields.tsx), and the enrollments it makes carry them.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_CONTACTS } from "../../src/demo/seed-base.ts";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const REVOPS = "bt_demo_revops";

describeBrowser("browser: goal and notes where enrolling", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  const clean = async (name: string) => {
    await h.screenshot(name);
    expect(await h.a11y(), name).toEqual([]);
    expect(h.consoleErrors, name).toEqual([]);
  };

  it("the campaign page enrolls with a goal and notes, as the prospect page does", async () => {
    const page = h.page;
    const sara = DEMO_CONTACTS[5];
    await h.signInAs("revops");
    await page.goto("/campaigns/dreamborn");
    const panel = page.getByTestId("enroll-panel");
    await panel.waitFor();
    await panel.getByLabel(/Search prospects/).fill("Sara");
    await panel.getByRole("button", { name: "Search" }).click();
    await panel.getByRole("checkbox", { name: /Sara Lind/ }).check();
    await panel.getByRole("button", { name: "Preview 1 selected" }).click();
    await panel.getByTestId("preview-row").first().waitFor();
    await panel.getByLabel("Goal").selectOption("pipeline");
    await panel.getByLabel("Notes for the drafter").fill("Asked about the partner programme at the summit.");
    await clean("campaign-enroll-goal-notes");
    await panel.getByRole("button", { name: /^Enroll 1/ }).click();
    await expect.poll(() => panel.getByTestId("enroll-result").textContent()).toBe("1 enrolled, 0 refused.");
    const enrollments = (await callApi(h, REVOPS, "GET", `/api/v1/contacts/${sara.contact_id}/enrollments`))
      .items as { campaign: string; goal: string | null; notes: string | null }[];
    expect(enrollments.find((e) => e.campaign === "dreamborn")).toMatchObject({
      goal: "pipeline",
      notes: "Asked about the partner programme at the summit.",
    });
    // the fields are cleared for the next enrollment
    expect(await panel.getByLabel("Goal").count()).toBe(0);
    await clean("campaign-enrolled");

    // the prospect page's form: the same two fields
    await page.goto(`/contacts/${DEMO_CONTACTS[9].contact_id}`);
    const actions = page.getByTestId("prospect-actions");
    await actions.getByRole("button", { name: "Enroll in a campaign…" }).click();
    await actions.getByLabel("Goal").waitFor();
    expect(await actions.getByLabel("Notes for the drafter").count()).toBe(1);
    await clean("prospect-enroll-goal-notes");
  });
});
