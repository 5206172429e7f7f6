import { expect, it } from "vitest";
import { CONTENT_TYPES, hasSubject } from "../channels/channel-kinds.ts";
import { renderTemplate, templateProblems } from "../drafting/render-template.ts";
import { hasPlaceholder } from "../drafting/unfinished.ts";
import { planCampaign } from "./play-cadence.ts";
import { playStepTemplates } from "./play-step-templates.ts";

const id = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3";
// every content type on each channel, each as a first step and a later one
const plan = planCampaign(id, {
  cadence_type: "sales",
  steps: [...CONTENT_TYPES, "follow_up", "webinar_invite"].flatMap((content_type, i) =>
    (["email", "linkedin", "phone"] as const).map((channel, j) => ({
      day: 3 * i + j,
      channel,
      content_type,
      instructions: `brief ${i}`,
    })),
  ),
});
// the facts a contact may lack: no name, no company, no sender's booking page
const bare = {
  contact: { full_name: "", title: null, email: null },
  account: null,
  senderName: "Tara Quinn",
  campaign: { name: "Play: Proof-led re-engagement, mid-market" },
  enrollment: { goal: null },
};

it("writes every step valid, ready with no fact known, and without the campaign's or play's words", () => {
  for (const s of plan.steps) {
    const t = playStepTemplates(s);
    expect(t.subject_template === null).toBe(!hasSubject(s.channel));
    expect(templateProblems(t.body_template, "body")).toEqual([]);
    if (t.subject_template) expect(templateProblems(t.subject_template, "subject", 300)).toEqual([]);
    for (const source of [t.subject_template, t.body_template]) {
      if (source === null) continue;
      expect(source).not.toContain("campaign.");
      const text = renderTemplate(source, bare).text;
      expect(hasPlaceholder(text), text).toBe(false);
      expect(text).not.toMatch(/\{\{|\{%|Play|_|brief \d/);
    }
  }
});

it("greets and signs with the contact's and sender's names", () => {
  const t = playStepTemplates(plan.steps[0]!);
  const body = renderTemplate(t.body_template, {
    ...bare,
    contact: { full_name: "Amara Adler", title: null, email: null },
    account: { name: "Northwind", vertical: "retail" },
  }).text;
  expect(body.startsWith("Hi Amara,")).toBe(true);
  expect(body).toContain("Northwind");
  expect(body.endsWith("Tara")).toBe(true);
});

it("writes a call step as the rep's script, not as a message", () => {
  for (const s of plan.steps.filter((x) => x.channel === "phone")) {
    const text = renderTemplate(playStepTemplates(s).body_template, bare).text;
    expect(text.startsWith("Opening: Hi there, this is Tara.")).toBe(true);
    expect(text).toMatch(/\n\nVoicemail \(under 30 seconds\): Hi there, this is Tara\. /);
    expect(text).not.toMatch(/^Hi there,$/m); // not a letter's greeting
  }
});
