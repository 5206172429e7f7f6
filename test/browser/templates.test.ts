// issue 37 item 4 in the browser: RevOps previews a written step for a picked contact on the
// campaign page, and the exec approves a demo draft in the inbox as it was written, without
// editing a word. Screenshots go with the others; axe finds nothing serious; the console is clean.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_CONTACTS } from "../../src/demo/seed-base.ts";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const EXEC = "bt_demo_exec";

describeBrowser("browser: templates a person writes, previewed and approved as written", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness({ background: true });
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("previews a step of the event campaign for a picked contact on the campaign page", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.goto("/campaigns/b2bea_world");
    const panel = page.getByTestId("step-preview");
    await panel.waitFor();
    await panel.getByLabel("Find a contact (name or email starts with)").fill("Priya");
    await expect
      .poll(() => panel.getByLabel("Contact", { exact: true }).locator("option").allTextContents())
      .toEqual(["Priya Raman, Initech Parts"]);
    await panel.getByLabel("Step").selectOption("1");
    await panel.getByRole("heading", { name: "Preview for Priya Raman" }).waitFor();
    await expect
      .poll(() => panel.getByTestId("step-preview-subject").textContent())
      .toBe("An invitation to B2B eCommerce World");
    const body = (await panel.getByTestId("step-preview-body").textContent()) ?? "";
    expect(body).toMatch(/^Hi Priya,\n\nI would like to invite you to B2B eCommerce World/);
    expect(body).toContain("Several sessions fit your role as CMO");
    expect(body).toMatch(/\n\nTara$/); // the demo contacts' owner, Tara Rep, is the sender
    expect(body).not.toMatch(/speaking today|\[|\{\{/i);
    expect(await panel.textContent()).toContain("ready to approve as written");
    expect(await panel.textContent()).toContain("Uses Priya Raman's enrollment");
    await panel.scrollIntoViewIfNeeded();
    await h.screenshot("templates-campaign-preview");
    expect(await h.a11y()).toEqual([]);

    // the LinkedIn step: no subject, the body as written
    await panel.getByLabel("Step").selectOption("2");
    await expect.poll(() => panel.getByTestId("step-preview-subject").count()).toBe(0);
    await expect
      .poll(() => panel.getByTestId("step-preview-body").textContent())
      .toMatch(/^Hi Priya,\n\nI am inviting a few leaders in manufacturing/);

    // another contact, found by name and picked from the list, by keyboard (the list shows the first
    // 20 contacts by name, and the demo's 30 task prospects, Avery to Leo, fill it: Mei Chen is searched for)
    const contact = panel.getByLabel("Contact", { exact: true });
    await panel.getByLabel("Find a contact (name or email starts with)").fill("");
    await expect.poll(() => contact.locator("option").count()).toBe(20);
    await panel.getByLabel("Find a contact (name or email starts with)").fill("mei");
    await expect.poll(() => contact.locator("option").allTextContents()).toContain("Mei Chen, Acme Vendors");
    await contact.focus();
    await contact.selectOption({ label: "Mei Chen, Acme Vendors" });
    await panel.getByRole("heading", { name: "Preview for Mei Chen" }).waitFor();
    await expect.poll(() => panel.getByTestId("step-preview-body").textContent()).toMatch(/^Hi Mei,/);
    expect(await panel.textContent()).toContain("Not enrolled: no goal");
    expect(h.consoleErrors).toEqual([]);
  });

  it("the exec approves a demo draft in the inbox as it was written, without editing", async () => {
    const page = h.page;
    const tom = DEMO_CONTACTS[3]; // enrolled in b2bea_membership_close by the demo seed
    let draft: any;
    await expect
      .poll(
        async () => {
          const r = await callApi(h, EXEC, "GET", "/api/v1/drafts?status=pending&limit=500");
          draft = r.items.find((d: any) => d.context?.contact_id === tom.contact_id);
          return !!draft;
        },
        { timeout: 120_000, interval: 250 },
      )
      .toBe(true);
    expect(draft.subject).toBe("Good to meet you today, Tom");
    expect(draft.body).toMatch(
      /^Hi Tom,\n\nThank you for the time today\. It was useful to hear how Umbrella B2B/,
    );

    await h.signInAs("exec");
    await page.getByRole("link", { name: /^Approvals/ }).click();
    // the approvals are a list beside the open draft (issue 60 item 2): Tom's row opens his
    const row = page.getByRole("option").filter({ hasText: tom.full_name });
    await row.click();
    const card = page.getByTestId("draft").filter({ hasText: tom.full_name });
    await card.waitFor();
    // nothing to fill: no note for the approver, the Approve button is offered as it is
    expect(await card.getByTestId("draft-unfinished").count()).toBe(0);
    const approve = card.getByRole("button", { name: /Approve and next$/ });
    expect(await approve.isDisabled()).toBe(false);
    await card.scrollIntoViewIfNeeded();
    await h.screenshot("templates-inbox-written-draft");
    expect(await h.a11y()).toEqual([]);
    await approve.click();
    await row.waitFor({ state: "detached" });
    // the list moves on to the next draft as the approval is sent; it is stored once the API answers
    let after: any;
    await expect
      .poll(
        async () => {
          after = await callApi(h, EXEC, "GET", `/api/v1/drafts/${draft.id}`);
          return after.status;
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe("approved");
    expect(after.subject).toBe(draft.subject);
    expect(after.body).toBe(draft.body);
    await h.screenshot("templates-inbox-after-approve");
    expect(h.consoleErrors).toEqual([]);
  });
});
