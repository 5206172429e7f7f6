// The rules with the model (issue 56 item 3): how a vote changes a reading, that training is
// deterministic and cached, and the cross-validation on the tuned sets (printed for
// docs/mailboxes.md "Rules and model").
import { describe, expect, it } from "vitest";
import { decidesAlone } from "../../src/replies/automation.ts";
import { combineReadings, DISAGREEMENT_CONFIDENCE } from "../../src/replies/combined-classifier.ts";
import { rulesAndModelClassifier, tunedReplyModel } from "../../src/replies/model-classifier.ts";
import { readingInWords } from "../../src/replies/reading-words.ts";
import { voteOf } from "../../src/replies/reply-model.ts";
import { readReply } from "../../src/replies/rule-classifier.ts";
import { LABELLED_REPLIES } from "../fixtures/replies/tuned/labelled-replies.ts";
import { crossValidate, formatCrossValidation } from "../support/replies/cross-validate-model.ts";
import { trainReplyModel } from "../support/replies/train-reply-model.ts";

const at = new Date("2026-02-25T15:30:00Z");

describe("combineReadings", () => {
  it("keeps the rules' reading where the model agrees", () => {
    const rules = readReply("Please remove me from your mailing list.", at);
    const c = combineReadings(rules, { intent: "unsubscribe", share: 0.9 });
    expect(c).toMatchObject({ intent: "unsubscribe", confidence: rules.classification.confidence });
    expect(c.by).toContain("+model:agrees");
    expect(decidesAlone(c)).toBe(true);
  });

  it("sends the reply to a person where a sure model disagrees, the rules' intent and date kept", () => {
    const rules = readReply("I'm out of office until March 9 with limited access to email.", at);
    expect(decidesAlone(rules.classification)).toBe(true);
    const c = combineReadings(rules, { intent: "meeting", share: 0.8 });
    expect(c.intent).toBe("out_of_office");
    expect(c.returnDate?.toISOString().slice(0, 10)).toBe("2026-03-09");
    expect(c.confidence).toBeLessThanOrEqual(DISAGREEMENT_CONFIDENCE);
    expect(decidesAlone(c)).toBe(false);
  });

  it("ignores an unsure model's disagreement", () => {
    const rules = readReply("Please remove me from your mailing list.", at);
    const c = combineReadings(rules, { intent: "meeting", share: 0.3 });
    expect(c.confidence).toBe(rules.classification.confidence);
    expect(c.by).toContain("+model:unsure");
  });

  it("sets stopSignal where the model is sure of a stop the rules missed", () => {
    const rules = readReply("We're all set on the marketing side, thank you.", at);
    expect(rules.classification.stopSignal).toBe(false);
    const c = combineReadings(rules, { intent: "unsubscribe", share: 0.7 });
    expect(c.stopSignal).toBe(true);
    expect(decidesAlone(c)).toBe(false);
  });

  it("honours a stop the rules read where the model votes a no", () => {
    // "no interest, and don't mail me again" was voted a no and went to a person (0.50) while the
    // contact stayed enrolled everywhere else: stopping is always safe
    const rules = readReply("Geen interesse, en mail me niet meer aub.", at);
    expect(rules.classification.intent).toBe("unsubscribe");
    const c = combineReadings(rules, { intent: "not_interested", share: 0.8 });
    expect(c).toMatchObject({ intent: "unsubscribe", confidence: rules.classification.confidence });
    expect(c.by).toContain("+model:not_interested:stop_stands");
    expect(decidesAlone(c)).toBe(true);
    expect(readingInWords(c)).toContain("a stop is always honoured");
    // a stop the model hears as anything else (a yes, an absence, nothing) is a person's call, as before
    for (const intent of ["interested", "other", "out_of_office"] as const) {
      const other = combineReadings(rules, { intent, share: 0.8 });
      expect(other.confidence).toBeLessThanOrEqual(DISAGREEMENT_CONFIDENCE);
      expect(decidesAlone(other)).toBe(false);
    }
  });

  it("keeps a meeting the rules read where the model votes a referral: a booking address", () => {
    // the model hears the link or the assistant's address as someone else to write to
    const rules = readReply(
      "Happy to take a look. Grab whatever works here: https://meet.example/dana/30min",
      at,
    );
    expect(rules.classification.intent).toBe("meeting");
    const c = combineReadings(rules, { intent: "referral", share: 0.9 });
    expect(c).toMatchObject({ intent: "meeting", confidence: rules.classification.confidence });
    expect(c.by).toContain("+model:referral:meeting_stands");
    expect(readingInWords(c)).toContain("one to book a time is a meeting");
    // a vote for anything else still makes the meeting a person's call
    for (const intent of ["not_interested", "other", "later"] as const) {
      expect(combineReadings(rules, { intent, share: 0.9 }).confidence).toBeLessThanOrEqual(
        DISAGREEMENT_CONFIDENCE,
      );
    }
  });

  it("votes for the top score, ties broken by intent order, nothing known as other", () => {
    expect(voteOf({ meeting: 2, interested: 2 })).toEqual({ intent: "interested", share: 0.5 });
    expect(voteOf({})).toEqual({ intent: "other", share: 0 });
  });
});

describe("the model on the tuned sets", () => {
  it("trains deterministically: the same set gives the same votes", () => {
    const part = LABELLED_REPLIES.filter((_, i) => i % 4 === 0);
    const a = trainReplyModel(part);
    const b = trainReplyModel(part);
    for (const r of LABELLED_REPLIES.slice(0, 40)) expect(a.vote(r.text)).toEqual(b.vote(r.text));
  });

  it("is ready once per process, at first use (prints the first reply's latency)", async () => {
    const first = performance.now();
    const c = await rulesAndModelClassifier.classify("Sounds good, send me the pricing please.", at);
    const firstMs = performance.now() - first;
    const model = await tunedReplyModel();
    expect(await tunedReplyModel()).toBe(model);
    const again = performance.now();
    await rulesAndModelClassifier.classify("Sounds good, send me the pricing please.", at);
    console.log(
      `rules+model: first reply ${Math.round(firstMs)} ms (the stored model loaded), ` +
        `the next ${(performance.now() - again).toFixed(1)} ms`,
    );
    expect(c.intent).toBe("interested");
  });

  it("prints the 5-fold cross-validation: rules, model, rules+model", async () => {
    const cv = await crossValidate(LABELLED_REPLIES, 5);
    console.log(formatCrossValidation(cv));
    expect(cv.combined.replies).toBe(LABELLED_REPLIES.length);
    // the model only ever sends replies to a person: never more stops decided otherwise
    expect(cv.combined.stopsDecidedOtherwise).toBeLessThanOrEqual(cv.rules.stopsDecidedOtherwise);
    expect(cv.combined.alone).toBeLessThanOrEqual(cv.rules.alone);
  }, 120_000);
});
