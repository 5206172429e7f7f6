// Issue 37 items 3 and 7 in the browser: RevOps creates a campaign with three steps, reorders them
// with the keyboard's buttons, meets the API's own error beside the field, fixes it and saves;
// edits a running demo campaign and reads which enrollments the change affects before saving;
// pauses, resumes and archives; and reads the on_exit graph of the demo's chains, laid out with
// every name inside its box and no two boxes overlapping.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BrowserHarness, SCREENSHOTS as SHOTS, startBrowserHarness } from "../support/browser.ts";
import { describeBrowser } from "../support/multi.ts";

describeBrowser("browser: campaign editor and on_exit graph", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 240_000);
  afterAll(async () => h?.close(), 60_000);

  const expectClean = async () => {
    expect(await h.a11y()).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  };

  it("creates a campaign with 3 steps, reorders them, shows the API's error beside the field, saves", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.getByRole("link", { name: "Campaigns" }).first().click();
    await page.getByRole("button", { name: "New campaign" }).click();
    const editor = page.getByTestId("campaign-editor");
    await editor.waitFor();
    await page.getByLabel("Slug").fill("spring_webinar");
    await page.getByLabel("Name", { exact: true }).fill("Spring webinar invitations");
    await page.getByLabel("Type", { exact: true }).selectOption("event");
    await page.getByLabel("Kind", { exact: true }).selectOption("nurture");
    await page.getByLabel("Approval policy").selectOption("auto_send");
    await page.getByLabel("consent").check();

    const step = (n: number) => editor.getByTestId("step-editor").nth(n - 1);
    await step(1).getByLabel("Instructions for the drafter").fill("Invite them to the spring webinar.");
    await page.getByRole("button", { name: "Add a step" }).click();
    await step(2).getByLabel("Day").fill("7");
    await step(2).getByLabel("Instructions for the drafter").fill("Last call: seats are going.");
    await page.getByRole("button", { name: "Add a step" }).click();
    await step(3).getByLabel("Day").fill("3");
    await step(3).getByLabel("Content type").selectOption("proof");
    await step(3).getByLabel("Instructions for the drafter").fill("Share last year's recording.");
    await step(3).getByLabel("Subject template").fill("{{contact.first_name}}, last year's recording");
    await expect.poll(() => editor.getByTestId("step-editor").count()).toBe(3);
    await h.screenshot("campaign-editor-3-steps");

    // keyboard: focus step 3's "up" button and press Enter; the focus stays on the moved step
    await page.getByRole("button", { name: "Move step 3 up" }).focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(() => step(2).getByLabel("Instructions for the drafter").inputValue())
      .toBe("Share last year's recording.");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
      .toBe("Move step 2 up");
    await h.screenshot("campaign-editor-reordered");

    // an invalid value: the API's own problem appears beside the field, in words
    await step(3).getByLabel("Day").fill("-2");
    await page.getByRole("button", { name: "Create campaign" }).click();
    const dayProblem = step(3).locator('[data-path="/steps/2/delay_days"]');
    await dayProblem.waitFor();
    expect(await dayProblem.textContent()).toContain("must be a whole number of days ≥ 0 (got -2)");
    await expect.poll(() => step(3).getByLabel("Day").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("editor-error").getAttribute("data-code")).toBe(
      "CAMPAIGN_STEP_DELAY_INVALID",
    );
    // the order rule is the API's too, shown over the steps
    expect(await page.locator('[data-path="/steps"]').textContent()).toContain("must not decrease");
    await h.screenshot("campaign-editor-error");
    await page.locator("#editor-problems").screenshot({ path: `${SHOTS}/campaign-editor-error-summary.png` });
    await step(3).screenshot({ path: `${SHOTS}/campaign-editor-error-step.png` });
    await expectClean();

    await step(3).getByLabel("Day").fill("10");
    await editor.getByLabel("rejected", { exact: true }).selectOption("end");
    await editor.getByLabel("meeting", { exact: true }).selectOption("gate:exec");
    await page.getByRole("button", { name: "Create campaign" }).click();
    await page.getByRole("heading", { name: "Spring webinar invitations" }).waitFor();
    expect(await page.getByTestId("steps").locator("li").allTextContents()).toEqual([
      expect.stringContaining("Day 0"),
      expect.stringContaining("Day 3"),
      expect.stringContaining("Day 10"),
    ]);
    await h.screenshot("campaign-created");
    await expectClean();
  });

  it("offers the known vocabularies as selects, the fields that fit the channel, and a merge-field picker", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.goto("/campaigns");
    await page.getByRole("button", { name: "New campaign" }).click();
    const editor = page.getByTestId("campaign-editor");
    await editor.waitFor();
    // issue 60 item 5: owner role and type are the spec's words (and the tenant's), not free text
    const owner = editor.getByLabel("Owner role", { exact: true });
    expect(await owner.evaluate((e) => e.tagName)).toBe("SELECT");
    expect(await owner.locator("option").allTextContents()).toEqual(
      expect.arrayContaining(["roles.bdr", "roles.sales", "roles.cs", "Other…"]),
    );
    const type = editor.getByLabel("Type", { exact: true });
    expect(await type.locator("option").allTextContents()).toEqual(
      expect.arrayContaining(["event", "membership", "platform", "onboarding", "Other…"]),
    );
    // a value nobody has used yet: "Other…" opens a text field
    await type.selectOption({ label: "Other…" });
    await editor.getByLabel("Type, another value").fill("webinar");
    await type.selectOption("event");
    expect(await editor.getByLabel("Type, another value").count()).toBe(0);

    const step = editor.getByTestId("step-editor").first();
    // the merge-field picker inserts at the cursor
    const body = step.getByLabel("Body template");
    await body.fill("Hi , welcome.");
    await body.evaluate((e: HTMLTextAreaElement) => e.setSelectionRange(3, 3));
    await step.getByLabel("Insert a merge field into the body of step 1").selectOption("contact.first_name");
    await expect.poll(() => body.inputValue()).toBe("Hi {{contact.first_name}}, welcome.");
    // the focus stays in the body, the cursor after the field
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    expect(await body.evaluate((e: HTMLTextAreaElement) => e.selectionStart)).toBe(
      "Hi {{contact.first_name}}".length,
    );
    await step.getByLabel("Insert a merge field into the subject of step 1").selectOption("account.name");
    await expect.poll(() => step.getByLabel("Subject template").inputValue()).toBe("{{account.name}}");
    expect(await step.getByLabel("Thread").count()).toBe(1);
    await h.screenshot("campaign-editor-email-step");

    // a LinkedIn message has no subject and no email thread
    await step.getByLabel("Channel").selectOption("linkedin");
    await expect.poll(() => step.getByLabel("Subject template").count()).toBe(0);
    expect(await step.getByLabel("Thread").count()).toBe(0);
    expect(await step.getByLabel("Message template").inputValue()).toBe(
      "Hi {{contact.first_name}}, welcome.",
    );
    await step.getByText("A/B variants of step 1").click();
    await step.getByRole("button", { name: "Add A/B variants to step 1" }).click();
    await step.getByLabel("Instructions").first().waitFor();
    expect(await step.getByLabel("Subject (optional)").count()).toBe(0);
    await step.screenshot({ path: `${SHOTS}/campaign-editor-linkedin-step.png` });
    await expectClean();
    await page.getByRole("button", { name: "Cancel" }).click();
  });

  it("previews the step as it is typed, unsaved, for a picked contact and a picked variant", async () => {
    const page = h.page;
    await h.signInAs("revops");
    await page.goto("/campaigns");
    await page.getByRole("button", { name: "New campaign" }).click();
    const editor = page.getByTestId("campaign-editor");
    await editor.waitFor();
    await editor.getByLabel("Name", { exact: true }).fill("Typed preview");
    await editor.getByLabel("Type", { exact: true }).selectOption("event");
    const step = editor.getByTestId("step-editor").first();
    await step.getByLabel("Instructions for the drafter").fill("Invite them.");
    await step.getByLabel("Subject template").fill("{{account.name}} at the summit");
    await step.getByLabel("Body template").fill("Hi {{contact.first_name}},");
    const panel = editor.getByTestId("edit-preview");
    await panel.getByLabel("Find a contact (name or email starts with)").fill("Priya");
    await expect
      .poll(() => panel.getByLabel("Contact", { exact: true }).locator("option").allTextContents())
      .toEqual(["Priya Raman, Initech Parts"]);
    await expect
      .poll(() => panel.getByTestId("edit-preview-subject").textContent())
      .toBe("Initech Parts at the summit");
    // typing more: the preview follows, debounced
    await step.getByLabel("Body template").fill("Hi {{contact.first_name}}, see you at the summit.");
    await expect
      .poll(() => panel.getByTestId("edit-preview-body").textContent())
      .toBe("Hi Priya, see you at the summit.");
    // a variant's own subject, picked beside the preview
    await step.getByText("A/B variants of step 1").click();
    await step.getByRole("button", { name: "Add A/B variants to step 1" }).click();
    await step.getByLabel("Subject (optional)").nth(1).fill("{{contact.first_name}}, one question");
    await panel.getByLabel("Variant").selectOption("B");
    await expect
      .poll(() => panel.getByTestId("edit-preview-subject").textContent())
      .toBe("Priya, one question");
    // "Send me a test": the step as previewed, to the signed-in person, announced in the status
    await panel.getByRole("button", { name: "Send me a test" }).click();
    await expect
      .poll(() => panel.getByRole("status").textContent())
      .toMatch(/^Test sent to \S+@\S+: “\[Test\] Priya, one question”\.$/);
    await panel.scrollIntoViewIfNeeded();
    await h.screenshot("campaign-editor-typed-preview");
    await expectClean();
    await page.getByRole("button", { name: "Cancel" }).click();
  });

  it("says which enrollments a change to a running campaign affects before saving", async () => {
    const page = h.page;
    await page.goto("/campaigns/b2bea_membership_close");
    await page.getByRole("button", { name: "Edit campaign" }).click();
    const editor = page.getByTestId("campaign-editor");
    const step4 = editor.getByTestId("step-editor").nth(3);
    await step4.getByLabel("Instructions for the drafter").fill("A new step 4: the member case study.");
    await page.getByRole("button", { name: "Save changes" }).click();
    const impact = page.getByTestId("impact");
    await impact.waitFor();
    expect(await impact.textContent()).toContain(
      "1 enrollment is at step 3 or earlier and will take the new step 4",
    );
    await h.screenshot("campaign-edit-impact");
    await impact.screenshot({ path: `${SHOTS}/campaign-edit-impact-note.png` });
    await expectClean();
    await page.getByRole("button", { name: "Save, affecting these enrollments" }).click();
    await editor.waitFor({ state: "detached" });
    await page.getByTestId("steps").getByText("Instructions").nth(3).click();
    await page.getByText("A new step 4: the member case study.").waitFor();
  });

  it("pauses, resumes and archives, saying what each does first", async () => {
    const page = h.page;
    await page.goto("/campaigns/spring_webinar");
    await page.getByRole("button", { name: "Pause…" }).click();
    await page.getByTestId("impact").getByText("Pausing stops new enrollments").waitFor();
    await h.screenshot("campaign-pause-impact");
    await page.getByTestId("status-actions").screenshot({ path: `${SHOTS}/campaign-pause-impact-note.png` });
    await page.getByRole("button", { name: "Pause Spring webinar invitations" }).click();
    await page.locator(".badge.paused").first().waitFor();
    await page.getByRole("button", { name: "Resume…" }).click();
    await page.getByRole("button", { name: "Resume Spring webinar invitations" }).click();
    await page.locator(".badge.active").first().waitFor();
    await page.getByRole("button", { name: "Archive…" }).click();
    await page.getByRole("button", { name: "Archive Spring webinar invitations" }).click();
    await page.locator(".badge.archived").first().waitFor();
    await page.getByText("closed for good").waitFor();
    await h.screenshot("campaign-archived");
    await expectClean();
  });

  it("draws the demo's on_exit chains with every name in its box and no box over another", async () => {
    const page = h.page;
    await page.goto("/campaigns");
    const graph = page.getByTestId("exit-graph");
    await graph.waitFor();
    await graph.scrollIntoViewIfNeeded();
    await h.screenshot("campaigns-exit-graph");
    await graph.screenshot({ path: `${SHOTS}/exit-graph.png` });
    const measured = await graph.evaluate((fig) => {
      const boxes = [...fig.querySelectorAll("g[data-box]")].map((g) => {
        const r = g.querySelector("rect")!.getBBox();
        const texts = [...g.querySelectorAll("text")].map((t) => ({
          text: t.textContent,
          width: (t as SVGTextContentElement).getComputedTextLength(),
        }));
        return { x: r.x, y: r.y, w: r.width, h: r.height, texts };
      });
      return boxes;
    });
    const names = measured.flatMap((b) => b.texts.map((t) => t.text)).join(" ");
    for (const slug of [
      "b2bea_world",
      "b2bea_membership",
      "dreamborn",
      "b2bea_membership_close",
      "b2bea_membership_cs",
    ])
      expect(names).toContain(slug);
    for (const [i, a] of measured.entries()) {
      for (const t of a.texts) expect(t.width, `"${t.text}" fits its box`).toBeLessThanOrEqual(a.w - 4);
      for (const b of measured.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.texts[0]?.text} overlaps ${b.texts[0]?.text}`).toBe(false);
      }
    }
    await expectClean();

    // the campaign page highlights its own place in the chain
    await page.goto("/campaigns/b2bea_membership_close");
    await page.getByTestId("exit-graph").locator('[data-node="campaign:b2bea_membership_close"]').waitFor();
    await page.getByTestId("exit-graph").screenshot({ path: `${SHOTS}/exit-graph-highlight.png` });
    await expectClean();
  });

  it("shows other roles the campaigns without editing", async () => {
    const page = h.page;
    await h.signInAs("rep");
    await page.goto("/campaigns/b2bea_world");
    await page.getByTestId("steps").waitFor();
    expect(await page.getByRole("button", { name: "Edit campaign" }).count()).toBe(0);
    await page.goto("/campaigns");
    await page.getByTestId("campaigns").waitFor();
    expect(await page.getByRole("button", { name: "New campaign" }).count()).toBe(0);
    await expectClean();
  });
});
