// issue 37 item 1: the exec's hand-off gate in the workspace. A BDR reply "Can we book a call on
// Thursday?" (reported through the API as the BDR agent does) opens a hand-off; the exec sees the
// badge in the navigation, reads the reply in the inbox, routes it to the close campaign with a goal
// and notes, and the prospect's next campaign starts; two more are routed together.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_CONTACTS } from "../../src/demo/seed-base.ts";
import { openEveryClass } from "../support/automation.ts";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const EXEC = "bt_demo_exec";
const BDR = "bt_demo_bdr";

describeBrowser("browser: the exec routes hand-offs from the inbox", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
    // the demo's team has earned automation: a sure meeting acts alone (issue 72 item 1)
    await openEveryClass(h.database.db, h.clientId);
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  const openCount = async () =>
    (await callApi(h, EXEC, "GET", "/api/v1/handoffs?status=open&limit=500")).items.length as number;

  it("a BDR meeting reply becomes a hand-off the exec routes from the page; the next campaign starts", async () => {
    const page = h.page;
    const dana = DEMO_CONTACTS[0]; // in b2bea_membership (BDR), on_exit meeting → the exec gate
    const mei = DEMO_CONTACTS[4]; // in dreamborn (BDR), the same gate
    const grace = DEMO_CONTACTS[7]; // the demo's hand-off already waiting
    const reply = (contactId: string, text: string) =>
      callApi(h, BDR, "POST", "/api/v1/replies", {
        contact_id: contactId,
        text,
        received_at: new Date().toISOString(),
      });
    const r = await reply(dana.contact_id, "Can we book a call on Thursday?");
    expect(r).toMatchObject({ intent: "meeting", action: "exited", exit: { next: { kind: "handoff" } } });
    await reply(mei.contact_id, "Happy to meet - does Tuesday 10am work for a call?");
    expect(await openCount()).toBe(3);

    await h.signInAs("exec");
    const badge = page.getByTestId("handoff-badge");
    await expect.poll(() => badge.textContent()).toBe("3 open hand-offs");
    await page.getByRole("link", { name: /^Hand-offs/ }).click();
    const card = page.getByTestId("handoff").filter({ hasText: dana.full_name });
    await card.waitFor();
    expect(await card.getByTestId("handoff-reply").textContent()).toBe("Can we book a call on Thursday?");
    expect(await card.textContent()).toContain("meeting");
    expect(await card.getByRole("link", { name: dana.full_name }).getAttribute("href")).toBe(
      `/contacts/${dana.contact_id}`,
    );
    // the close campaign is suggested first, and chosen
    const close = card.getByRole("checkbox", { name: /b2bea_membership_close/ });
    expect(await close.isChecked()).toBe(true);
    expect(await h.a11y()).toEqual([]);
    await h.screenshot("handoffs-inbox");

    await card.getByLabel("Goal").selectOption("pipeline");
    await card
      .getByLabel("Notes for the sales agent")
      .fill("Call booked Thursday; lead with the retail buyers.");
    await card.getByRole("button", { name: "Route to b2bea_membership_close" }).click();
    await page
      .getByTestId("handoffs-result")
      .getByText(`${dana.full_name} routed to b2bea_membership_close.`)
      .waitFor();
    await card.waitFor({ state: "detached" });
    await expect.poll(() => badge.textContent()).toBe("2 open hand-offs");

    // the next campaign started: active at step 1 with the exec's goal and notes
    const enrolled = await callApi(
      h,
      EXEC,
      "GET",
      "/api/v1/campaigns/b2bea_membership_close/enrollments?status=active",
    );
    const e = enrolled.items.find((x: any) => x.contact_id === dana.contact_id);
    expect(e).toMatchObject({ status: "active", current_step: 1, goal: "pipeline" });
    expect(e.notes).toContain("Call booked Thursday");
    await page.goto(`/contacts/${dana.contact_id}`);
    await page.locator('[data-testid="timeline-event"][data-event-type="handoff_routed"]').first().waitFor();
    expect(await h.a11y()).toEqual([]);
    await h.screenshot("handoffs-routed-prospect");

    // the other two together
    await page.goto("/handoffs");
    await page.getByTestId("handoff").first().waitFor();
    expect(await page.getByTestId("handoff").count()).toBe(2);
    await page.getByRole("checkbox", { name: "Select all" }).first().check();
    await page.getByLabel("Campaign for the selected").selectOption("b2bea_membership_close");
    await page.getByLabel("Notes for the selected").fill("Routed together after the Monday review.");
    await h.screenshot("handoffs-bulk");
    await page.getByRole("button", { name: "Route selected (2)" }).click();
    await page.getByTestId("handoffs-result").getByText("2 routed to b2bea_membership_close").waitFor();
    await page.getByText("No hand-offs waiting.").waitFor();
    await expect.poll(() => badge.count()).toBe(0);
    expect(await openCount()).toBe(0);
    const after = await callApi(
      h,
      EXEC,
      "GET",
      "/api/v1/campaigns/b2bea_membership_close/enrollments?status=active",
    );
    const ids = after.items.map((x: any) => x.contact_id);
    expect(ids).toEqual(expect.arrayContaining([mei.contact_id, grace.contact_id]));
    expect(await h.a11y()).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
