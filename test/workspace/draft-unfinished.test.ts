// The unfinished-draft check (src/drafting/unfinished.ts: the server's approval rule, and the approval
// inbox's through web/src/drafts.ts) against the server's own template drafter: every template draft
// is unfinished, its note and brief are named as such (not as parts to fill), and every auto-sent
// final copy is finished; the bracket rule is the server's hasPlaceholder. The simulated exec's
// finishing (finishDraft) leaves nothing to fill.
import { describe, expect, it } from "vitest";
import { CONTENT_TYPES } from "../../src/campaigns/validate-definition.ts";
import { sampleDraftInput } from "../../src/drafting/drafting-fixtures.ts";
import { hasPlaceholder, renderTemplateDraft } from "../../src/drafting/template-drafter.ts";
import { finishDraft } from "../../src/engine/simulate-days.ts";
import { describeUnfinished, isUnfinished, unfinishedParts } from "../../web/src/drafts.ts";

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
});
