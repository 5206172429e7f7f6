// Issue 37 items 5 and 6 in the browser: a prospect's timeline tells the story in time order (the
// messages, the reply before what it caused, the holds and their release folded under the touch they
// judged, filters by kind, channel and campaign: issue 60 item 5) and leads to the play and
// the brain's proposal; the play library by state; RevOps sets a segment cap (refused at 9); a cap
// refusal names the active plays with their figures, and retiring one updates the panel at once.
// Every page: no serious or critical axe violation, no console error, a screenshot.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type BrowserHarness,
  callApi,
  prepareBrowserRun,
  SHARED_BUILDS_TIMEOUT_MS,
  startBrowserHarness,
} from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";
import { type ProspectStory, seedProspectStory } from "../support/prospect-story.ts";

const SEGMENT = "commercial_mm";
const DEMO_ACTIVE = "Proof-led re-engagement, mid-market";

const draftBody = (name: string) => ({
  scope: "segment",
  segment: SEGMENT,
  name,
  hypothesis: `${name}: mid-market buyers answer a peer result.`,
  target_definition: { icp_tiers: ["T1", "T2"] },
  suggested_cadence: {
    cadence_type: "sales",
    steps: [
      { day: 0, channel: "email", content_type: "follow_up", instructions: "Open with a peer result." },
    ],
  },
  success_criteria: { meeting_rate: 0.1 },
  proposal: { payload: { rationale: `Why ${name}: three peers booked after a proof asset.` } },
});

async function playThrough(h: BrowserHarness, name: string, activate: boolean): Promise<string> {
  const d = await callApi(h, "bt_demo_agt901", "POST", "/api/v1/plays", draftBody(name));
  await callApi(h, "bt_demo_revops", "POST", `/api/v1/plays/${d.play_id}/pickup`, {});
  await callApi(h, "bt_demo_slm", "POST", `/api/v1/plays/${d.play_id}/approve`, { as: "slm" });
  if (activate)
    await callApi(h, "bt_demo_revops", "POST", `/api/v1/plays/${d.play_id}/approve`, { as: "revops" });
  return d.play_id;
}

describeBrowser("browser: the timeline tells the story, and the play library", () => {
  let h: BrowserHarness;
  let story: ProspectStory;
  let demoPlay: { play_id: string; originating_proposal_id: string };

  // the run's shared builds (the bundle, the living demo) under their own limit, which a wait for
  // another file's build counts in; then this file's own setup: 300 s
  beforeAll(() => prepareBrowserRun({ livingHistory: true }), SHARED_BUILDS_TIMEOUT_MS);
  beforeAll(async () => {
    const t0 = performance.now();
    h = await startBrowserHarness({ livingHistory: true });
    const active = await callApi(h, "bt_demo_revops", "GET", `/api/v1/plays?state=active&segment=${SEGMENT}`);
    demoPlay = active.items.find((p: { name: string }) => p.name === DEMO_ACTIVE);
    story = await seedProspectStory(h.deps.db, h.clientId, h.deps.now(), {
      playId: demoPlay.play_id,
      proposalId: demoPlay.originating_proposal_id,
    });
    console.log(`story.test.ts: own setup ${Math.round(performance.now() - t0)} ms`);
  }, 300_000);
  afterAll(async () => h?.close(), 60_000);

  /** The browser logs a refused request as a console error: exactly the expected ones, then none. */
  const expectRefused = (status: number) => {
    expect(h.consoleErrors).toEqual([expect.stringContaining(`status of ${status}`)]);
    h.consoleErrors.length = 0;
  };
  const clean = async (name: string) => {
    await h.screenshot(name);
    expect(await h.a11y(), name).toEqual([]);
    expect(h.consoleErrors, name).toEqual([]);
  };

  it("a prospect's timeline shows touches, the reply before what it caused, decisions folded under their touch", async () => {
    const page = h.page;
    await h.signInAs("rep");
    await page.goto(`/contacts/${story.contactId}`);
    const events = page.getByTestId("timeline-event");
    await events.first().waitFor();
    const types = await events.evaluateAll((els) => els.map((e) => e.getAttribute("data-event-type")));
    // issue 60 item 5: the hold and the step it released fold under the touch they judged; the reply
    // comes before the exit and the hand-off it caused; the hold still waiting is an item of its own
    expect(types).toEqual(["touch", "touch", "reply", "exit", "handoff_created", "queued"]);
    expect(story.inOrder.filter((t) => t !== "held" && t !== "step_allowed")).toEqual(types);
    const times = await events.evaluateAll((els) =>
      els.map((e) => e.querySelector(":scope > .row > time")?.getAttribute("datetime") ?? ""),
    );
    expect([...times].sort()).toEqual(times);

    const touches = page.locator('[data-testid="timeline-event"][data-event-type="touch"]');
    expect(await touches.getByTestId("touch-subject").allTextContents()).toEqual(story.subjects);
    // the body is folded until asked for
    const firstBody = touches.first().getByTestId("touch-body");
    expect(await firstBody.isVisible()).toBe(false);
    await touches.first().getByText(story.subjects[0]).click();
    await expect.poll(() => firstBody.isVisible()).toBe(true);
    expect(await firstBody.textContent()).toBe(story.bodies[0]);

    const reply = page.locator('[data-testid="timeline-event"][data-event-type="reply"]');
    expect(await reply.getByTestId("reply-text").textContent()).toBe(story.replyText);
    expect(await reply.getByTestId("reply-intent").textContent()).toBe("meeting");
    expect(await reply.getByTestId("reply-caused").textContent()).toBe(
      "led to an exit from the campaign (meeting) and a hand-off to the exec",
    );

    // the second touch's decisions, folded: the touch cap's hold, then its release
    const second = touches.nth(1);
    const decisions = second.getByTestId("timeline-decisions");
    expect(await decisions.locator("summary").textContent()).toBe(
      "2 decisions of the coordinator before this touch",
    );
    const held = second.locator('[data-testid="timeline-decision"][data-event-type="held"]');
    expect(await held.isVisible()).toBe(false);
    await decisions.locator("summary").click();
    await expect.poll(() => held.isVisible()).toBe(true);
    expect(
      await decisions
        .getByTestId("timeline-decision")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-event-type"))),
    ).toEqual(["held", "step_allowed"]);
    expect(await held.getByTestId("hold-gate").textContent()).toBe("gate 3, touch cap");
    expect(await held.getByTestId("decision-reason").textContent()).toBe("touch cap exceeded");
    expect(await held.getByTestId("hold-release").textContent()).toMatch(
      /^released \d{4}-.* \(step allowed\)$/,
    );
    const queued = page.locator('[data-testid="timeline-event"][data-event-type="queued"]');
    expect(await queued.getByTestId("hold-gate").textContent()).toBe("gate 4, concurrency");
    expect(await queued.getByTestId("hold-release").textContent()).toMatch(/^still held until \d{4}-/);
    await clean("story-timeline");
  });

  it("filters the timeline by kind, channel and campaign", async () => {
    const page = h.page;
    const types = () =>
      page
        .getByTestId("timeline-event")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-event-type")));
    const filters = page.getByTestId("timeline-filters");
    await filters.getByLabel("Show").selectOption({ label: "Replies" });
    await expect.poll(types).toEqual(["reply"]);
    expect(await page.getByTestId("timeline-count").textContent()).toBe("1 of 6 items");
    await filters.getByLabel("Show").selectOption({ label: "Exits, hand-offs and opt-outs" });
    await expect.poll(types).toEqual(["exit", "handoff_created"]);
    await filters.getByLabel("Show").selectOption({ label: "Everything" });
    await filters.getByLabel("Channel").selectOption({ label: "email" });
    await expect.poll(types).toEqual(["touch", "touch"]);
    await filters.getByLabel("Channel").selectOption({ label: "Any channel" });
    await filters.getByLabel("Campaign").selectOption({ label: "Story: webinar nurture" });
    await expect.poll(types).toEqual(["queued"]);
    await clean("story-timeline-filtered");
    await filters.getByRole("button", { name: "Show everything" }).click();
    await expect.poll(types).toEqual(["touch", "touch", "reply", "exit", "handoff_created", "queued"]);
  });

  it("each event leads to its play and to the brain's proposal, which has its own page", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.goto(`/contacts/${story.contactId}`);
    const reply = page.locator('[data-testid="timeline-event"][data-event-type="reply"]');
    await reply.getByTestId("event-play").click();
    await page.getByRole("heading", { level: 1, name: DEMO_ACTIVE }).waitFor();
    await page.getByTestId("play-state").getByText("active").waitFor();
    await clean("story-play");
    await page.goBack();
    await reply.getByTestId("event-proposal").click();
    await page.getByRole("heading", { level: 1, name: "Proposal by Pipeline Brain" }).waitFor();
    const rationale = await page.getByTestId("proposal-rationale").textContent();
    expect(rationale).toContain("Proposed from the");
    await page.getByRole("link", { name: DEMO_ACTIVE }).waitFor();
    expect(await page.getByTestId("proposal-payload").textContent()).toContain('"rationale"');
    await clean("story-proposal");
    // the play's own lineage reaches the same page
    await page.getByRole("link", { name: DEMO_ACTIVE }).click();
    await page.getByTestId("play-proposal").click();
    await expect
      .poll(() => new URL(page.url()).pathname)
      .toBe(`/proposals/${demoPlay.originating_proposal_id}`);
    await page.getByTestId("proposal-rationale").waitFor();
  });

  it("RevOps sets a segment cap in the page, refused outside 3 to 8", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.goto("/plays");
    const row = page.getByTestId(`segment-${SEGMENT}`);
    const input = row.getByLabel("Cap for Commercial mid-market");
    await input.fill("9");
    await row.getByRole("button", { name: "Save cap" }).click();
    const refusal = row.getByTestId(`cap-${SEGMENT}-error`);
    await refusal.getByText("A segment cap must be between 3 and 8; got 9.").waitFor();
    expect(await refusal.getAttribute("data-code")).toBe("PLAY_CAP_OUT_OF_RANGE");
    expectRefused(422);
    await clean("story-cap-refused-9");
    await input.fill("3");
    await row.getByRole("button", { name: "Save cap" }).click();
    await row.getByText("Saved: at most 3 active plays.").waitFor();
    await expect.poll(() => row.getByTestId(`cap-${SEGMENT}`).textContent()).toContain("of 3 active");
    const cfg = await callApi(h, "bt_demo_revops", "GET", "/api/v1/plays/config");
    expect(cfg.segments.find((s: { segment: string }) => s.segment === SEGMENT).play_cap).toBe(3);
    await clean("story-cap-saved");
    // the sales leader sees the caps without the editor
    await h.signInAs("slm");
    await page.goto("/plays");
    await page.getByTestId(`segment-${SEGMENT}`).waitFor();
    expect(await page.getByRole("button", { name: "Save cap" }).count()).toBe(0);
  });

  it("RevOps sets the weekly touch cap of a segment's accounts and of one account (issue 61)", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.goto("/plays");
    const row = page.getByTestId(`segment-${SEGMENT}`);
    const input = row.getByLabel("Weekly touch cap per account of Commercial mid-market");
    await input.fill("0");
    await row.getByRole("button", { name: "Save", exact: true }).click();
    await row.getByTestId(`account-cap-${SEGMENT}-error`).waitFor();
    expectRefused(400);
    await input.fill("4");
    await row.getByRole("button", { name: "Save", exact: true }).click();
    await row.getByText("Saved: at most 4 touches a week.").waitFor();
    await clean("story-account-cap-segment");
    // one account's own cap, on its people's page
    const c = await h.deps.db
      .selectFrom("accounts")
      .select("account_id")
      .where("client_id", "=", h.clientId)
      .where("segment", "=", SEGMENT)
      .orderBy("name")
      .limit(1)
      .executeTakeFirstOrThrow();
    await page.goto(`/contacts?account_id=${c.account_id}`);
    const panel = page.getByTestId("account-touch-cap");
    await panel.waitFor();
    await panel.getByLabel(/^Weekly touch cap for /).fill("2");
    await panel.getByRole("button", { name: "Save", exact: true }).click();
    await panel.getByText("Saved: at most 2 touches a week.").waitFor();
    await expect.poll(() => panel.locator("strong").textContent()).toBe("2");
    const cap = await callApi(h, "bt_demo_revops", "GET", `/api/v1/accounts/${c.account_id}/touch-cap`);
    expect(cap).toMatchObject({ weekly_touch_cap: 2, effective_cap: 2 });
    await clean("story-account-cap-account");
    // a rep sees neither editor
    await h.signInAs("rep");
    await page.goto(`/contacts?account_id=${c.account_id}`);
    await page.getByTestId("account-filter").waitFor();
    expect(await page.getByTestId("account-touch-cap").count()).toBe(0);
  });

  it("a cap refusal names the active plays with their figures; retiring one updates the panel", async () => {
    const page = h.page;
    const a = await playThrough(h, "Peer proof, wave A", true);
    await playThrough(h, "Peer proof, wave B", true);
    const waiting = await playThrough(h, "Peer proof, wave C", false);
    const figures = await callApi(
      h,
      "bt_demo_revops",
      "GET",
      `/api/v1/plays/active/segments/${SEGMENT}/figures`,
    );
    expect(figures.items).toHaveLength(3);
    const demo = figures.items.find((p: { name: string }) => p.name === DEMO_ACTIVE);
    expect(demo.touches).toBeGreaterThan(0);

    await h.signInAs("revops");
    await page.goto(`/plays/${waiting}`);
    const panel = page.getByTestId("approval-panel");
    await panel.getByTestId(`cap-${SEGMENT}`).getByText("3 of 3 active").waitFor();
    await panel.getByRole("button", { name: "Approve as RevOps" }).click();
    const choice = panel.getByTestId("cap-choice");
    await choice
      .getByTestId("cap-sentence")
      .getByText("Segment Commercial mid-market has 3 of 3 active plays. Retire one to activate this play:")
      .waitFor();
    const rows = choice.getByTestId("retire-candidate");
    await expect.poll(() => rows.count()).toBe(3);
    const demoRow = rows.filter({ hasText: DEMO_ACTIVE });
    expect(await demoRow.getByTestId("figure-touches").textContent()).toBe(String(demo.touches));
    expect(await demoRow.getByTestId("figure-replies").textContent()).toBe(String(demo.replies));
    expect(await demoRow.getByTestId("figure-meetings").textContent()).toBe(String(demo.meetings));
    // in words for people: no ids, no API paths
    const text = (await choice.textContent()) ?? "";
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(text).not.toContain("/api/");
    expect(await panel.getByTestId("approval-error").count()).toBe(0);
    expectRefused(409);
    await clean("story-cap-choice");

    await choice.getByRole("button", { name: "Retire Peer proof, wave A" }).click();
    await panel.getByTestId(`cap-${SEGMENT}`).getByText("2 of 3 active").waitFor();
    await expect.poll(() => panel.getByTestId("cap-choice").count()).toBe(0);
    await panel.getByTestId("retired-notice").getByText("Retired Peer proof, wave A.").waitFor();
    expect(await panel.getByRole("link", { name: "Peer proof, wave A" }).count()).toBe(0);
    expect((await callApi(h, "bt_demo_revops", "GET", `/api/v1/plays/${a}`)).play.state).toBe("retired");
    await clean("story-cap-after-retire");
    await panel.getByRole("button", { name: "Approve as RevOps" }).click();
    await page.getByTestId("play-state").getByText("active").waitFor();
    await page
      .getByTestId("approval-panel")
      .getByTestId(`cap-${SEGMENT}`)
      .getByText("3 of 3 active")
      .waitFor();
    await clean("story-cap-activated");
  });

  it("the play library lists each state, filtered in the address", async () => {
    const page = h.page;
    await h.signInAs("slm");
    // a slow answer shows that the plays load, not an empty table's headers
    await page.route("**/api/v1/plays?*", async (route) => {
      await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    await page.goto("/plays");
    await page.getByTestId("plays-loading").waitFor();
    expect(await page.getByTestId("plays").count()).toBe(0);
    await page.getByTestId("plays").waitFor();
    await page.unroute("**/api/v1/plays?*");
    const tabs = page.getByRole("navigation", { name: "Plays by state" });
    for (const [state, title] of [
      ["draft", "Draft"],
      ["under_review", "Under review"],
      ["active", "Active"],
      ["retired", "Retired"],
    ] as const) {
      await tabs.getByRole("link", { name: title, exact: true }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get("state")).toBe(state);
      await expect
        .poll(async () => {
          const states = await page
            .getByTestId("play-row")
            .evaluateAll((els) => els.map((e) => e.getAttribute("data-state")));
          return states.length > 0 && states.every((s) => s === state);
        })
        .toBe(true);
      expect(await tabs.getByRole("link", { name: title, exact: true }).getAttribute("aria-current")).toBe(
        "page",
      );
      await clean(`story-library-${state}`);
    }
    // filters stay in the address: a reload shows the same view
    await page.getByLabel("Segment", { exact: true }).selectOption(SEGMENT);
    await page.getByLabel("Words in the name or hypothesis").fill("wave A");
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => page.getByTestId("play-row").count()).toBe(1);
    await page.reload();
    await page.getByRole("link", { name: "Peer proof, wave A" }).waitFor();
    expect(new URL(page.url()).search).toBe(`?state=retired&segment=${SEGMENT}&q=wave+A`);
    await clean("story-library-filtered");
  });

  it("RevOps reaches the approvals and sees the drafts waiting", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.getByRole("link", { name: /^Approvals/ }).click();
    await page.getByTestId("drafts-overview").waitFor();
    await page.getByRole("heading", { name: /Drafts waiting for the exec \(\d+\)/ }).waitFor();
    expect(await page.getByRole("button", { name: /Approve/ }).count()).toBe(0);
    // each draft's campaign by its name, never by its slug alone (issue 60)
    const rows = page.getByTestId("pending-draft");
    const campaigns = await rows.locator("td:nth-child(2) a").allTextContents();
    expect(campaigns.length).toBeGreaterThan(0);
    for (const c of campaigns) expect(c).not.toMatch(/^[a-z0-9_]+$/);
    await clean("story-revops-inbox");
    // the prospect's page names the account's segment
    const segments = (await callApi(h, "bt_demo_revops", "GET", "/api/v1/plays/config")).segments as {
      segment: string;
      name: string;
    }[];
    await rows.first().locator("td").first().getByRole("link").click();
    const facts = page.getByTestId("prospect-facts");
    await facts.waitFor();
    const text = (await facts.textContent()) ?? "";
    expect(segments.some((s) => text.includes(` · ${s.name} · `))).toBe(true);
    for (const s of segments) expect(text).not.toContain(` · ${s.segment} · `);
    await clean("story-prospect-segment");
  });
});
