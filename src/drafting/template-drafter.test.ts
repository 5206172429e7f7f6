import { describe, expect, it } from "vitest";
import { CONTENT_TYPES } from "../campaigns/validate-definition.ts";
import { sampleDraftInput } from "./drafting-fixtures.ts";
import { hasPlaceholder, TEMPLATE_MARKER, templateDrafter } from "./template-drafter.ts";

describe("templateDrafter", () => {
  it("says it is a template on its first line, and carries the step's instructions", async () => {
    const d = await templateDrafter.draft(
      sampleDraftInput({ step: { template_instructions: "Reference what they said." } }),
    );
    expect(d.draftedBy).toBe("template");
    const lines = d.body.split("\n");
    expect(lines[0]).toBe(TEMPLATE_MARKER);
    expect(lines[1]).toBe("[Step 2 brief: Reference what they said.]");
    expect(d.body).toContain("Hi Dana,");
    expect(d.body.trimEnd().endsWith("Justin")).toBe(true);
  });

  it.each([
    ["awareness", /LinkedIn post draft Northwind Commerce could publish today/],
    ["credibility", /mock-up of how Northwind Commerce would appear in our upcoming B2B eCommerce report/],
    ["pipeline", /ideal customers overlap our community/],
    ["marketing_relief", /content calendar for Northwind Commerce's first 90 days/],
  ])("step 2 proof for goal %s", async (goal, pattern) => {
    const d = await templateDrafter.draft(sampleDraftInput({ goal }));
    expect(d.body).toMatch(pattern);
    expect(d.subject).toBeTruthy();
  });

  it("asks the approver to pick the proof when no goal was recorded", async () => {
    const d = await templateDrafter.draft(sampleDraftInput({ goal: null }));
    expect(d.body).toContain("No goal was recorded");
  });

  it("drafts every content type of the spec, for email with a subject and LinkedIn without", async () => {
    for (const content_type of CONTENT_TYPES) {
      const email = await templateDrafter.draft(sampleDraftInput({ step: { content_type } }));
      expect(email.subject, content_type).toBeTruthy();
      expect(email.body).not.toContain("undefined");
      const li = await templateDrafter.draft(
        sampleDraftInput({ step: { content_type, channel: "linkedin" } }),
      );
      expect(li.subject).toBeNull();
    }
  });

  it("works without an account", async () => {
    const d = await templateDrafter.draft(
      sampleDraftInput({ account: null, step: { content_type: "boss_arming" } }),
    );
    expect(d.body).toContain("your team");
    expect(d.body).not.toContain("null");
  });

  describe("a draft sent with no person reading it (sendsWithoutReview)", () => {
    const GOAL_CASES = [null, "awareness", "credibility", "pipeline", "marketing_relief"];
    const ACCOUNTS = [undefined, null];
    it("is final copy for every content type, goal and channel: no marker, no brief, no [placeholder]", async () => {
      for (const content_type of [...CONTENT_TYPES, "something_new"])
        for (const step_number of [1, 2])
          for (const channel of ["email", "linkedin"] as const)
            for (const goal of GOAL_CASES)
              for (const account of ACCOUNTS) {
                const input = {
                  ...sampleDraftInput({ step: { content_type, channel, step_number }, goal, account }),
                  sendsWithoutReview: true,
                };
                const d = await templateDrafter.draft(input);
                const what = `${content_type} ${step_number} ${channel} ${goal} ${account}`;
                expect(hasPlaceholder(d.body), `${what}: ${d.body}`).toBe(false);
                expect(hasPlaceholder(d.subject), what).toBe(false);
                expect(d.body, what).not.toMatch(/undefined|null|Template draft|brief/);
                expect(d.body.startsWith("Hi Dana,\n\n"), what).toBe(true);
                expect(d.body.endsWith("\n\nJustin"), what).toBe(true);
                expect(d.subject === null, what).toBe(channel === "linkedin");
                expect(d.draftedBy).toBe("template");
              }
    });

    it("keeps a variant's subject as it is", async () => {
      const input = (subject: string) => ({
        ...sampleDraftInput({ step: { content_type: "campaign_visibility" } }),
        variant: { key: "B", subject, instructions: "Short." },
        sendsWithoutReview: true,
      });
      expect((await templateDrafter.draft(input("News for you"))).subject).toBe("News for you");
      // a placeholder stays, and the engine holds that draft for a person (auto-send-final-copy.test.ts)
      expect((await templateDrafter.draft(input("News for [company]"))).subject).toBe("News for [company]");
    });
  });

  it("hasPlaceholder finds the marker and any [bracketed] part, and nothing else", () => {
    expect(hasPlaceholder(TEMPLATE_MARKER)).toBe(true);
    expect(hasPlaceholder("See [link] here")).toBe(true);
    expect(hasPlaceholder("a [] b")).toBe(true);
    expect(hasPlaceholder("No brackets at all.")).toBe(false);
    expect(hasPlaceholder("an opening [ and\n a closing ] on another line")).toBe(false);
    expect(hasPlaceholder(null)).toBe(false);
  });

  it("sends a step's written subject and body as written: no note, no brief, no bracket", async () => {
    const d = await templateDrafter.draft(
      sampleDraftInput({
        step: {
          subject_template: "{{account.name}}, a proof for {{contact.first_name}}",
          body_template:
            'Hi {{contact.first_name | default: "there"}},\n\nA note for {{account.name}}.\n\n{{sender.first_name}}',
        },
      }),
    );
    expect(d).toEqual({
      subject: "Northwind Commerce, a proof for Dana",
      body: "Hi Dana,\n\nA note for Northwind Commerce.\n\nJustin",
      draftedBy: "template",
    });
    expect(hasPlaceholder(d.body)).toBe(false);
  });

  it("an A/B variant's own subject wins over the step's subject template, and is rendered too", async () => {
    const d = await templateDrafter.draft({
      ...sampleDraftInput({
        step: { subject_template: "Step subject", body_template: "Body {{contact.first_name}}" },
      }),
      variant: { key: "B", subject: "For {{account.name}}", instructions: "x" },
    });
    expect(d.subject).toBe("For Northwind Commerce");
    expect(d.body).toBe("Body Dana");
  });

  it("a written subject alone keeps the built-in body for a person to finish", async () => {
    const d = await templateDrafter.draft(
      sampleDraftInput({ step: { subject_template: "Hello {{contact.first_name}}" } }),
    );
    expect(d.subject).toBe("Hello Dana");
    expect(d.body.split("\n")[0]).toBe(TEMPLATE_MARKER);
  });

  it("does not presume a conversation on a first touch (an event invitation is not 'Great speaking today')", async () => {
    const d = await templateDrafter.draft(
      sampleDraftInput({ step: { step_number: 1, content_type: "follow_up", delay_days: 0 } }),
    );
    expect(d.subject).toBe("Dana, a note about B2BEA membership");
    expect(d.body).not.toMatch(/speaking today|thanks for the time/i);
  });
});
