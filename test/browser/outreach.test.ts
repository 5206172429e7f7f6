// Whole outreach flows in the browser, with the engine running as in `npm start`: a staged
// draft approved and sent shows in the prospect timeline; a one-click opt-out stops a queued touch.
import { afterAll, beforeAll, expect, it } from "vitest";
import { signUnsubscribeToken } from "../../src/channels/unsubscribe-token.ts";
import { DEMO_CONTACTS } from "../../src/demo/seed-base.ts";
import { finishDraft } from "../../src/simulation/simulate-days.ts";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const EXEC = "bt_demo_exec";

async function pendingDraftFor(h: BrowserHarness, contactId: string, campaign?: string): Promise<any> {
  let found: any;
  await expect
    .poll(
      async () => {
        const r = await callApi(h, EXEC, "GET", "/api/v1/drafts?status=pending&limit=500");
        found = r.items.find(
          (d: any) =>
            d.context?.contact_id === contactId && (!campaign || d.context?.campaign_slug === campaign),
        );
        return !!found;
      },
      { timeout: 120_000, interval: 250 },
    )
    .toBe(true);
  return found;
}

describeBrowser("browser: approval inbox, prospect timeline, one-click opt-out", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness({ background: true });
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  it("a staged draft is approved in the inbox, sent, and visible in the prospect timeline", async () => {
    const page = h.page;
    // the demo's campaigns have steps a person wrote (issue 37, test/browser/templates.test.ts); the
    // built-in drafter's template, for a person to finish, comes from a step with none
    await callApi(h, "bt_demo_revops", "POST", "/api/v1/campaigns", {
      slug: "unwritten_membership",
      name: "Unwritten membership follow-up",
      type: "membership",
      owner_role: "roles.sales",
      kind: "sales",
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "email",
          content_type: "follow_up",
          template_instructions: "Personal follow-up same day as meeting.",
        },
      ],
    });
    const ana = DEMO_CONTACTS[9]; // in no demo campaign
    await callApi(h, EXEC, "POST", "/api/v1/campaigns/unwritten_membership/enrollments", {
      contact_id: ana.contact_id,
    });
    const draft = await pendingDraftFor(h, ana.contact_id, "unwritten_membership");

    await h.signInAs("exec");
    await page.getByRole("link", { name: /^Approvals/ }).click();
    // the approvals are a list beside the open draft (issue 60 item 2): Ana's row opens hers
    const row = page.getByRole("option").filter({ hasText: ana.full_name });
    await row.click();
    const card = page.getByTestId("draft").filter({ hasText: ana.full_name });
    await card.waitFor();
    await expect.poll(() => card.getByTestId("instructions").textContent()).toMatch(/\w{5,}/);
    // what the send adds below the words of a commercial email: the demo company's postal address
    // and the unsubscribe line (issue 41 item 4), so what is approved is what goes out
    await expect
      .poll(() => card.getByTestId("draft-footer").textContent())
      .toMatch(/--\n.+, .+\nTo stop receiving these emails: \[this contact's unsubscribe link\]/);
    await h.screenshot("inbox");
    // the template is not offered for approval until its note and [bracketed] parts are gone
    const approve = card.getByRole("button", { name: /Approve and next$/ });
    expect(await approve.isDisabled()).toBe(true);
    const todo = await card.getByTestId("draft-unfinished").textContent();
    expect(todo).toContain("delete the template's note and brief at the top");
    expect(todo).not.toContain("brief:");
    expect(todo).toContain("[One line on how you know Ana");
    // nor by its key, nor among the ready ones: the page says so and sends nothing
    await page.keyboard.press("a");
    await expect
      .poll(() => page.getByTestId("bulk-result").textContent())
      .toContain(`${ana.full_name}: not approved.`);
    await page.keyboard.press("x");
    expect(await page.getByRole("button", { name: "Approve ready (0)" }).isDisabled()).toBe(true);
    await page.keyboard.press("x");
    expect((await callApi(h, EXEC, "GET", `/api/v1/drafts/${draft.id}`)).status).toBe("pending");
    // appending is not enough: the placeholders are still there
    await card.getByLabel("Message").fill(`${draft.body}\n\nP.S. edited by Justin.`);
    expect(await approve.isDisabled()).toBe(true);
    await card
      .getByLabel("Message")
      .fill(
        "Hi Ana,\n\nThanks for today. Here is your early access, as promised.\n\nP.S. edited by Justin.\n\nJustin",
      );
    await expect.poll(() => card.getByTestId("draft-unfinished").count()).toBe(0);
    await approve.click();
    await row.waitFor({ state: "detached" });

    // the engine sends the approved draft; the touch lands in the event log
    await expect
      .poll(
        async () => {
          const r = await callApi(h, EXEC, "GET", `/api/v1/contacts/${ana.contact_id}/timeline`);
          return r.items.some((e: any) => e.event_type === "touch");
        },
        { timeout: 120_000, interval: 250 },
      )
      .toBe(true);
    await page.goto(`/contacts/${ana.contact_id}`);
    const touch = page.locator('[data-testid="timeline-event"][data-event-type="touch"]').first();
    await touch.waitFor();
    await touch
      .getByRole("link", { name: /membership/i })
      .first()
      .waitFor();
    await h.screenshot("prospect-timeline");
    // the step the engine allowed before the send reads as allowed, not as a suppression
    // (folded under the touch it judged, issue 60 item 5: opened first)
    await touch.getByTestId("timeline-decisions").locator("summary").click();
    const allowed = touch
      .locator('[data-testid="timeline-decision"][data-event-type="step_allowed"]')
      .first();
    await allowed.waitFor();
    expect(await allowed.getByTestId("decision-reason").textContent()).toBe("no conflict");
    expect(await allowed.textContent()).toContain("allowed: no conflict");
    expect(await allowed.textContent()).not.toContain("suppressed");
    const sent = await callApi(h, EXEC, "GET", `/api/v1/drafts/${draft.id}`);
    expect(sent.status).toBe("approved");
    expect(sent.body).toContain("edited by Justin");
  });

  it("an opt-out from the one-click page stops a queued touch", async () => {
    const page = h.page;
    const sara = DEMO_CONTACTS[5];
    await callApi(h, "bt_demo_sales", "POST", "/api/v1/campaigns/b2bea_membership_close/enrollments", {
      contact_id: sara.contact_id,
      goal: "pipeline",
    });
    const draft = await pendingDraftFor(h, sara.contact_id);

    const token = signUnsubscribeToken(h.deps.config.secret, {
      clientId: h.clientId,
      contactId: sara.contact_id,
    });
    await page.goto(`/u/${token}`);
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.getByText("You will not receive further emails").waitFor();
    await h.screenshot("one-click-unsubscribe");

    const after = await callApi(h, EXEC, "GET", `/api/v1/drafts/${draft.id}`);
    expect(after.status).toBe("cancelled");
    await h.signInAs("exec");
    await page.getByRole("link", { name: /^Approvals/ }).click();
    await expect.poll(() => page.getByTestId("approvals-count").textContent()).toMatch(/waiting/);
    expect(await page.getByRole("option").filter({ hasText: sara.full_name }).count()).toBe(0);
    await page.goto(`/contacts/${sara.contact_id}`);
    await page.getByTestId("opted-out").waitFor();
    await h.screenshot("prospect-opted-out");
    const tl = await callApi(h, EXEC, "GET", `/api/v1/contacts/${sara.contact_id}/timeline`);
    expect(tl.items.some((e: any) => e.event_type === "touch")).toBe(false);
  });

  it("a rep marks two LinkedIn touches done from the task queue; each touch is recorded", async () => {
    const page = h.page;
    await callApi(h, "bt_demo_revops", "POST", "/api/v1/campaigns", {
      slug: "li_touch",
      name: "LinkedIn touch",
      type: "event",
      owner_role: "roles.sales",
      kind: "marketing",
      approval_policy: "require_approval",
      status: "active",
      on_exit: {},
      play_id: null,
      required_legal_basis: null,
      send_window: null,
      steps: [
        {
          step_number: 1,
          delay_days: 0,
          channel: "linkedin",
          content_type: "follow_up",
          template_instructions: "Connect and mention the fair.",
        },
      ],
    });
    const people = [DEMO_CONTACTS[7], DEMO_CONTACTS[8]];
    for (const c of people)
      await callApi(h, EXEC, "POST", "/api/v1/campaigns/li_touch/enrollments", { contact_id: c.contact_id });
    const drafts = [];
    for (const c of people) drafts.push(await pendingDraftFor(h, c.contact_id, "li_touch"));
    expect(drafts.map((d) => d.channel)).toEqual(["linkedin", "linkedin"]);
    // approved in bulk through the API, each finished as a person would (no [placeholder] is approved)
    await callApi(h, EXEC, "POST", "/api/v1/drafts/approve", {
      ids: drafts.map((d) => d.id),
      edits: drafts.map((d) => ({ id: d.id, ...finishDraft(d.subject, d.body) })),
    });

    await h.signInAs("rep");
    await page.getByRole("link", { name: /^Tasks/ }).click();
    await page.getByRole("heading", { level: 1, name: "My tasks" }).waitFor();
    // each task is opened by its row and marked done in turn (rep-tasks.test.ts completes a selection)
    for (const c of people) {
      await page.getByTestId("task-row").filter({ hasText: c.full_name }).getByRole("button").click();
      await page.getByTestId("task-detail").getByRole("heading", { level: 2, name: c.full_name }).waitFor();
      await page
        .getByTestId("task-detail")
        .getByRole("button", { name: /^Done, next/ })
        .click();
      await expect
        .poll(() => page.getByTestId("task-outcome").textContent())
        .toBe(`Done: ${c.full_name}, the touch is recorded.`);
      expect(await page.getByTestId("task-row").filter({ hasText: c.full_name }).count()).toBe(0);
    }
    await h.screenshot("rep-tasks-two-done");
    for (const c of people) {
      const tl = await callApi(h, EXEC, "GET", `/api/v1/contacts/${c.contact_id}/timeline`);
      expect(tl.items.filter((e: any) => e.event_type === "touch").map((e: any) => e.channel)).toEqual([
        "linkedin",
      ]);
    }
  });
});
