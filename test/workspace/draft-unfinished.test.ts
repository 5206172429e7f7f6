// The approval inbox's check (web/src/drafts.ts) against the server's own template drafter: every
// template draft is unfinished, its note and brief are named as such (not as parts to fill), and
// every auto-sent final copy is finished; the bracket rule is the server's hasPlaceholder.
import { describe, expect, it } from "vitest";
import { CONTENT_TYPES } from "../../src/campaigns/validate-definition.ts";
import { sampleDraftInput } from "../../src/drafting/drafting-fixtures.ts";
import { hasPlaceholder, renderTemplateDraft } from "../../src/drafting/template-drafter.ts";
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
