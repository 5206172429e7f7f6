// The unfinished-draft check (src/drafting/unfinished.ts: the server's approval rule, and the approval
// inbox's through web/src/drafts.ts) against the server's own template drafter: every template draft
// is unfinished, its note and brief are named as such (not as parts to fill), and every auto-sent
// final copy is finished; the bracket rule is the server's hasPlaceholder. The simulated exec's
// finishing (finishDraft) leaves nothing to fill.
import { describe, expect, it } from "vitest";
import { CONTENT_TYPES } from "../../src/campaigns/validate-definition.ts";
import { sampleDraftInput } from "../../src/drafting/drafting-fixtures.ts";
import { hasPlaceholder, renderTemplateDraft } from "../../src/drafting/template-drafter.ts";
import { draftContext } from "../../src/engine/stage-draft.ts";
import { finishDraft } from "../../src/simulation/simulate-days.ts";
import { describeUnfinished, isUnfinished, ownWordsOf, unfinishedParts } from "../../web/src/drafts.ts";

describe("the approval inbox's unfinished-draft check", () => {
  it("finds the template's note and brief, and only the other [bracketed] parts to fill", () => {
    for (const content_type of CONTENT_TYPES)
      for (const variant of [undefined, { key: "B", subject: null, instructions: "Shorter." }]) {
        const input = { ...sampleDraftInput({ step: { content_type } }), variant };
        const d = renderTemplateDraft(input);
        const u = unfinishedParts(d.subject, d.body);
        expect(u.templateNote, content_type).toBe(true);
        expect(
          u.parts.some((p) => p.includes("brief:") || p.includes("Template draft")),
          content_type,
        ).toBe(false);
        expect(isUnfinished(u)).toBe(true);
        expect(describeUnfinished(u)).toMatch(
          /^Before approving: delete the template's note and brief at the top/,
        );

        const ready = renderTemplateDraft({ ...input, sendsWithoutReview: true });
        expect(isUnfinished(unfinishedParts(ready.subject, ready.body)), content_type).toBe(false);

        // as the simulated exec finishes it: the note and brief gone, from the greeting on
        const finished = finishDraft(d.subject, d.body);
        expect(finished, content_type).not.toBeNull();
        expect(
          isUnfinished(unfinishedParts(finished?.subject ?? null, finished?.body ?? "")),
          content_type,
        ).toBe(false);
        expect(finished?.body?.startsWith("Hi "), content_type).toBe(true);
        expect(finishDraft(ready.subject, ready.body), content_type).toBeNull();
      }
  });

  it("agrees with the server's bracket rule on a person's text", () => {
    for (const [subject, body] of [
      ["Hello", "Hi Tom,\n\nSee you Tuesday.\n\nJustin"],
      ["News for [company]", "Hi Tom"],
      ["Hello", "Hi Tom, here is [the link]"],
      [null, "an opening [ and\na closing ] on two lines"],
    ] as const) {
      const u = unfinishedParts(subject, body);
      expect(isUnfinished(u)).toBe(hasPlaceholder(subject) || hasPlaceholder(body));
    }
    expect(unfinishedParts("News for [company]", "Hi [name], [name]").parts).toEqual(["[company]", "[name]"]);
  });

  it("reads past a bracket in the contact's, the company's or the campaign's own words", () => {
    const base = sampleDraftInput();
    const input = {
      ...base,
      contact: { ...base.contact, full_name: "[Dana] Reyes" },
      account: { ...base.account!, name: "Northwind [EU]", vertical: "B2B [eCommerce]" },
      campaign: { ...base.campaign, name: "[EMEA] Q4 membership" },
    };
    const context = draftContext(input);
    const own = ownWordsOf(context);
    expect(own).toEqual([
      "[EMEA] Q4 membership",
      "B2B [eCommerce]",
      "Northwind [EU]",
      "[Dana] Reyes",
      "[Dana]",
    ]);
    // as stored (jsonb comes back parsed, or as text from some drivers)
    expect(ownWordsOf(JSON.stringify(context))).toEqual(own);
    expect(ownWordsOf({ contact_name: "Dana Reyes", company: null })).toEqual([]);
    expect(ownWordsOf("not json")).toEqual([]);

    for (const content_type of CONTENT_TYPES) {
      const i = { ...input, step: { ...input.step, content_type } };
      // the auto-sent final copy names them and is finished; without the own words it would wait
      const ready = renderTemplateDraft({ ...i, sendsWithoutReview: true });
      expect(isUnfinished(unfinishedParts(ready.subject, ready.body, own)), content_type).toBe(false);
      expect(hasPlaceholder(ready.body, own) || hasPlaceholder(ready.subject, own), content_type).toBe(false);
      // the template for a person: its own parts, each as written, none of them a name alone
      const d = renderTemplateDraft(i);
      const u = unfinishedParts(d.subject, d.body, own);
      expect(isUnfinished(u), content_type).toBe(true);
      for (const w of own) expect(u.parts, content_type).not.toContain(w);
    }
    const text =
      "Hi [Dana],\n\nFor Northwind [EU]: [What the first month would look like for Northwind [EU].]";
    expect(unfinishedParts(null, text, own).parts).toEqual([
      "[What the first month would look like for Northwind [EU].]",
    ]);
    // a placeholder is one still, whoever the contact is
    expect(unfinishedParts("News for [company]", "Hi [Dana], [topic]", own).parts).toEqual([
      "[company]",
      "[topic]",
    ]);
    expect(hasPlaceholder("Hi [Dana] at Northwind [EU]", own)).toBe(false);
    expect(hasPlaceholder("Hi [Dana] at [company]", own)).toBe(true);
  });
});
