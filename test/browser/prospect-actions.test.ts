// issue 37 item 2: a prospect's page acts. Each action first shows what the coordinator would decide
// (POST /api/v1/coordinator/preview, nothing written), then the person confirms and sees the result:
// enroll with goal and notes (allowed, queued by the touch cap, blocked by the ABM backstop), pause,
// resume and exit with a reason, log a reply with its class (the classifier's, changed by a person),
// opt out. And the page says when the account is ABM-active.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_CONTACTS } from "../../src/demo/seed-base.ts";
import { ensurePlayCampaign } from "../../src/plays/ensure-play-campaign.ts";
import type { SuggestedCadence } from "../../src/plays/play-cadence.ts";
import { type BrowserHarness, callApi, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

const REVOPS = "bt_demo_revops";
const HOUR = 3600_000;

describeBrowser("browser: prospect actions with the coordinator's verdict first", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  const enrollmentsOf = async (contactId: string) =>
    (await callApi(h, REVOPS, "GET", `/api/v1/contacts/${contactId}/enrollments`)).items as any[];
  const checked = async () => {
    expect(await h.a11y()).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  };

  it("a rep enrolls: blocked at gate 2 on an ABM account, allowed elsewhere, queued by the touch cap", async () => {
    const page = h.page;
    const luis = DEMO_CONTACTS[1]; // Globex Wholesale: ABM-active
    await h.signInAs("rep");
    await page.goto(`/contacts/${luis.contact_id}`);
    await page.getByTestId("abm-active").waitFor();
    const actions = page.getByTestId("prospect-actions");
    await actions.getByRole("button", { name: "Enroll in a campaign…" }).click();
    await actions.getByLabel("Campaign", { exact: true }).selectOption("b2bea_membership_cs");
    await actions.getByRole("button", { name: "Check with the coordinator" }).click();
    const verdict = actions.getByTestId("verdict");
    await expect
      .poll(() => verdict.textContent())
      .toBe("Would be blocked: gate 2 ABM backstop, the account is ABM-active, so no nurture.");
    // nothing to confirm: the coordinator would block it
    expect(await actions.getByRole("button", { name: "Confirm enrollment" }).count()).toBe(0);
    await checked();
    await h.screenshot("prospect-enroll-abm-blocked");
    await actions.getByRole("button", { name: "Change" }).click();
    await actions.getByLabel("Campaign", { exact: true }).selectOption("dreamborn");
    await actions.getByLabel("Goal").selectOption("credibility");
    await actions.getByLabel("Notes for the drafter").fill("Met at the retail summit.");
    await actions.getByRole("button", { name: "Check with the coordinator" }).click();
    await expect.poll(() => verdict.textContent()).toMatch(/^Would be allowed: all five gates pass/);
    expect((await enrollmentsOf(luis.contact_id)).some((e) => e.campaign === "dreamborn")).toBe(false);
    await actions.getByRole("button", { name: "Confirm enrollment" }).click();
    await actions
      .getByTestId("action-result")
      .getByText("Enrolled in DreamBorn platform outreach.")
      .waitFor();
    await actions
      .getByTestId("enrollment")
      .filter({ hasText: "DreamBorn platform outreach" })
      .getByText("goal credibility")
      .waitFor();
    const [e] = (await enrollmentsOf(luis.contact_id)).filter((x) => x.campaign === "dreamborn");
    expect(e).toMatchObject({ status: "active", goal: "credibility", notes: "Met at the retail summit." });
    await checked();
    await h.screenshot("prospect-enrolled");

    // three touches this week: the touch cap queues a new enrollment until the oldest leaves the week
    const jonas = DEMO_CONTACTS[8];
    const now = Date.now();
    const oldest = new Date(now - 72 * HOUR);
    for (const at of [oldest, new Date(now - 48 * HOUR), new Date(now - 26 * HOUR)]) {
      await h.database.db
        .insertInto("cadence_event_log")
        .values({
          client_id: h.clientId,
          contact_id: jonas.contact_id,
          event_type: "touch",
          sequence_type: "sales",
          occurred_at: at,
          details: "{}",
        })
        .execute();
    }
    await page.goto(`/contacts/${jonas.contact_id}`);
    await actions.getByRole("button", { name: "Enroll in a campaign…" }).click();
    await actions.getByLabel("Campaign", { exact: true }).selectOption("b2bea_membership_close");
    await actions.getByLabel("Goal").selectOption("pipeline");
    await actions.getByRole("button", { name: "Check with the coordinator" }).click();
    await expect
      .poll(() => verdict.textContent())
      .toMatch(/^Would be queued: gate 3 touch cap, 3 of 3 this week, until \d+ \w+ \d\d:\d\d UTC\.$/);
    await checked();
    await h.screenshot("prospect-enroll-queued");
    await actions.getByRole("button", { name: "Confirm: enroll, queued" }).click();
    await actions.getByTestId("action-result").getByText("Enrolled in B2BEA membership close.").waitFor();
    const q = (await enrollmentsOf(jonas.contact_id)).find((x) => x.campaign === "b2bea_membership_close");
    expect(q.status).toBe("queued");
    expect(new Date(q.next_send_at).getTime()).toBe(oldest.getTime() + 7 * 24 * HOUR);
  });

  it("an enrollment in a play's campaign shows the campaign's name, never its play_ slug (issue 60 item 5)", async () => {
    const play = await h.database.db
      .selectFrom("plays")
      .select(["play_id", "name", "suggested_cadence"])
      .where("client_id", "=", h.clientId)
      .where("state", "=", "active")
      .orderBy("activated_at")
      .limit(1)
      .executeTakeFirstOrThrow();
    const { campaignId } = await ensurePlayCampaign(
      h.database.db,
      { client_id: h.clientId, ...play, suggested_cadence: play.suggested_cadence as SuggestedCadence },
      new Date(),
    );
    const c = await h.database.db
      .selectFrom("campaigns")
      .select(["slug", "name"])
      .where("client_id", "=", h.clientId)
      .where("id", "=", campaignId)
      .executeTakeFirstOrThrow();
    expect(c.slug).toMatch(/^play_[0-9a-f]{12}$/);
    const ada = DEMO_CONTACTS[4];
    await callApi(h, REVOPS, "POST", `/api/v1/campaigns/${c.slug}/enrollments`, {
      contact_id: ada.contact_id,
    });
    expect((await enrollmentsOf(ada.contact_id)).map((e) => [e.campaign, e.campaign_name])).toContainEqual([
      c.slug,
      c.name,
    ]);
    await h.signInAs("rep");
    await h.page.goto(`/contacts/${ada.contact_id}`);
    const actions = h.page.getByTestId("prospect-actions");
    await actions.getByTestId("enrollment").filter({ hasText: c.name }).waitFor();
    expect(await h.page.locator("main").innerText()).not.toMatch(/play_[0-9a-f]{12}/);
    await checked();
    await h.screenshot("prospect-play-enrollment-name");
  });

  it("a rep pauses, resumes and exits an enrollment, each with a reason", async () => {
    const page = h.page;
    const dana = DEMO_CONTACTS[0]; // in b2bea_membership
    await h.signInAs("rep");
    await page.goto(`/contacts/${dana.contact_id}`);
    const actions = page.getByTestId("prospect-actions");
    const row = actions.getByTestId("enrollment").filter({ hasText: "B2BEA vendor membership outreach" });
    await row.getByRole("button", { name: "Pause…" }).click();
    await row.getByLabel("Reason").fill("On leave until January");
    await row.getByRole("button", { name: "Check with the coordinator" }).click();
    await expect
      .poll(() => row.getByTestId("verdict").textContent())
      .toMatch(/^Left running, step 1 now: Would be/);
    expect((await enrollmentsOf(dana.contact_id))[0].status).toBe("active");
    await checked();
    await h.screenshot("prospect-pause-verdict");
    await row.getByRole("button", { name: "Confirm pause" }).click();
    await actions
      .getByTestId("action-result")
      .getByText("B2BEA vendor membership outreach paused.")
      .waitFor();
    await row.getByText("paused", { exact: true }).waitFor();

    await row.getByRole("button", { name: "Resume…" }).click();
    await row.getByLabel("Reason").fill("Back early");
    await row.getByRole("button", { name: "Check with the coordinator" }).click();
    await expect
      .poll(() => row.getByTestId("verdict").textContent())
      .toMatch(/^Once resumed, step 1: Would be/);
    await row.getByRole("button", { name: "Confirm resume" }).click();
    await actions
      .getByTestId("action-result")
      .getByText("B2BEA vendor membership outreach resumed.")
      .waitFor();
    expect((await enrollmentsOf(dana.contact_id))[0].status).toBe("active");

    await row.getByRole("button", { name: "Exit…" }).click();
    await row.getByLabel("Exit reason").selectOption("disqualified");
    await row.getByLabel("Notes").fill("Wrong persona: agency, not a vendor.");
    await row.getByRole("button", { name: "Check with the coordinator" }).click();
    await expect
      .poll(() => row.getByTestId("verdict").textContent())
      .toBe("Then no campaign follows (on_exit names none for this reason).");
    await checked();
    await h.screenshot("prospect-exit-verdict");
    await row.getByRole("button", { name: "Confirm exit" }).click();
    await actions
      .getByTestId("action-result")
      .getByText("B2BEA vendor membership outreach ended: disqualified.")
      .waitFor();
    await actions.getByText("No live enrollment.").waitFor();
    const [ended] = await enrollmentsOf(dana.contact_id);
    expect(ended).toMatchObject({ status: "exited", exit_reason: "disqualified" });
    const tl = await callApi(h, REVOPS, "GET", `/api/v1/contacts/${dana.contact_id}/timeline`);
    const types = tl.items.map((x: any) => x.event_type);
    expect(types).toEqual(expect.arrayContaining(["paused", "resumed", "exit"]));
    await checked();
  });

  it("RevOps logs a reply with the class they chose, and opts a prospect out", async () => {
    const page = h.page;
    const priya = DEMO_CONTACTS[2]; // in b2bea_world
    await h.signInAs("revops");
    await page.goto(`/contacts/${priya.contact_id}`);
    const actions = page.getByTestId("prospect-actions");
    await actions.getByRole("button", { name: "Log a reply…" }).click();
    await actions.getByLabel("What they wrote").fill("Can we book a call on Thursday?");
    await actions.getByRole("button", { name: "Classify" }).click();
    const intent = actions.getByLabel(/^Class/);
    await expect.poll(() => intent.inputValue()).toBe("meeting");
    const verdict = actions.getByTestId("verdict");
    await expect
      .poll(() => verdict.textContent())
      .toMatch(/^B2B eCommerce World outreach ends \(meeting\)\./);
    await checked();
    await h.screenshot("prospect-reply-classified");
    // a person reads it as a question about the event, not a meeting: the sequence goes on
    await intent.selectOption("other");
    await expect.poll(() => verdict.textContent()).toBe("B2B eCommerce World outreach goes on.");
    await actions.getByRole("button", { name: "Confirm and log the reply" }).click();
    await actions.getByTestId("action-result").getByText("Reply logged as other.").waitFor();
    expect((await enrollmentsOf(priya.contact_id))[0].status).toBe("active");
    await page.locator('[data-testid="timeline-event"][data-event-type="reply"]').first().waitFor();

    const omar = DEMO_CONTACTS[6];
    await page.goto(`/contacts/${omar.contact_id}`);
    await actions.getByRole("button", { name: "Opt out…" }).click();
    await actions.getByRole("button", { name: "Check with the coordinator" }).click();
    await expect
      .poll(() => actions.getByTestId("verdict").textContent())
      .toContain("After the opt-out: would be blocked: gate 1 compliance, every touch");
    await checked();
    await h.screenshot("prospect-optout-verdict");
    await actions.getByRole("button", { name: "Confirm opt-out" }).click();
    await page.getByTestId("opted-out").waitFor();
    await actions.getByTestId("action-result").getByText("Opted out.").waitFor();
    const p = await callApi(h, REVOPS, "POST", "/api/v1/coordinator/preview", {
      contact_id: omar.contact_id,
      sequence_type: "sales",
    });
    expect(p).toMatchObject({ verdict: "blocked", gate: 1 });
    await checked();
    await h.screenshot("prospect-opted-out-by-revops");
  });
});
