import { describe, expect, it } from "vitest";
import { LABELLED_REPLIES } from "./labelled-replies.ts";
import { LANGUAGES } from "./labelled-reply.ts";
import { formatMeasurement, INTENTS, measureClassifier } from "./measure-classifier.ts";
import { classifyReply, ruleClassifier, stripQuoted } from "./rule-classifier.ts";

describe("ruleClassifier on the labelled set", () => {
  it("has at least 300 replies, every intent in every language", () => {
    expect(LABELLED_REPLIES.length).toBeGreaterThanOrEqual(300);
    for (const lang of LANGUAGES) {
      for (const intent of INTENTS) {
        const n = LABELLED_REPLIES.filter((r) => (r.lang ?? "en") === lang && r.intent === intent).length;
        expect(n, `${lang} ${intent}`).toBeGreaterThanOrEqual(4);
      }
    }
  });

  it("reaches its precision and recall floors per intent (prints the table)", async () => {
    const m = await measureClassifier(ruleClassifier, LABELLED_REPLIES);
    console.log(`${formatMeasurement(m, "rules")}\n\nmistakes:\n${m.mistakes.join("\n")}`);
    const floors = { precision: 0, recall: 0, unsubscribe: 0 };
    for (const f of m.perIntent) {
      const floor = f.intent === "unsubscribe" ? floors.unsubscribe : floors;
      expect(f.precision, `${f.intent} precision`).toBeGreaterThanOrEqual(
        typeof floor === "number" ? floor : floor.precision,
      );
      expect(f.recall, `${f.intent} recall`).toBeGreaterThanOrEqual(
        typeof floor === "number" ? floor : floor.recall,
      );
    }
  });
});

describe("classifyReply", () => {
  it("ignores the quoted original, even its unsubscribe footer", () => {
    const text =
      "Thanks, will read it.\n\nOn Mon, Feb 23, 2026 at 10:00 AM Justin wrote:\n> To unsubscribe click here";
    expect(stripQuoted(text).trim()).toBe("Thanks, will read it.");
    expect(classifyReply(text, new Date()).intent).toBe("other");
  });

  it("an unsubscribe request wins over anything else in the same reply", () => {
    expect(
      classifyReply("Interested maybe later, but for now please unsubscribe me.", new Date()).intent,
    ).toBe("unsubscribe");
  });

  it("says which rule decided", () => {
    expect(classifyReply("Not interested, thanks", new Date()).by).toBe("rules:reject.explicit");
    expect(classifyReply("hmm", new Date())).toMatchObject({
      intent: "other",
      by: "rules:none",
      returnDate: null,
    });
  });
});
