// A reading in words (issue 72 item 4): a positive reading whose words ask something says it waits
// for a person because a question is not a yes, not "Read as a yes".
import { describe, expect, it } from "vitest";
import { readingInWords } from "./reading-words.ts";
import { replyAsksQuestion } from "./rule-classifier.ts";

describe("readingInWords", () => {
  const price =
    "Thanks for the note. Before we go further: what does membership cost for a team of our size?";

  it("says a sure yes that asks a question is interest with a question, which a person answers", () => {
    expect(replyAsksQuestion(price)).toBe(true);
    expect(readingInWords({ intent: "interested", confidence: 0.97, by: "rules:x", text: price })).toBe(
      "Read as interest, with a question to answer (97% sure). A question is not a yes, so a person answers it.",
    );
    expect(readingInWords({ intent: "meeting", confidence: 0.9, by: "rules:x", text: price })).toMatch(
      /^Read as interest in a meeting, with a question to answer \(90% sure\)\. A question/,
    );
  });

  it("reads a yes without a question as before, and a question in a no as a no", () => {
    expect(replyAsksQuestion("Sounds good, let us go ahead.")).toBe(false);
    expect(readingInWords({ intent: "interested", confidence: 0.97, by: "rules:x" })).toBe(
      "Read as a yes: interested (97% sure).",
    );
    expect(
      readingInWords({ intent: "not_interested", confidence: 0.97, by: "rules:x", text: price }),
    ).toMatch(/^Read as a no \(97% sure\)/);
  });
});
