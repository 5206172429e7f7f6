// The LLM reply classifier against the local stand-in for the Messages API (test/support): the
// model's JSON answer decides; an error, a timeout or an answer outside the contract falls back
// to the rules; a stop request the rules see is honoured whatever the model says, the rules' stop
// signal is always kept, and the rules' confidence rule caps the model's (issue 56).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { campaignPorts, setCampaignPorts } from "../../src/campaigns/ports.ts";
import { decidesAlone } from "../../src/replies/automation.ts";
import { createReplyClassifier } from "../../src/replies/create-classifier.ts";
import {
  LlmReplyClassifier,
  parseLlmAnswer,
  REPLY_CLASSIFIER_PROMPT,
} from "../../src/replies/llm-classifier.ts";
import { rulesAndModelClassifier } from "../../src/replies/model-classifier.ts";
import { ruleClassifier } from "../../src/replies/rule-classifier.ts";
import { configureReplyClassifier } from "../../src/runtime/reply-classifier.ts";
import { LABELLED_REPLIES } from "../fixtures/replies/tuned/labelled-replies.ts";
import { type LlmStandIn, startLlmStandIn } from "../support/llm-stand-in.ts";
import { measureClassifier } from "../support/replies/measure-classifier.ts";

const at = new Date("2026-02-25T15:30:00Z");
let llm: LlmStandIn;
let classifier: LlmReplyClassifier;
const answer = (o: unknown) => () => JSON.stringify(o);

beforeAll(async () => {
  llm = await startLlmStandIn();
  classifier = new LlmReplyClassifier(
    { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" },
    { maxRetries: 0, timeoutMs: 2_000 },
  );
});
afterAll(async () => {
  await llm.close();
});
beforeEach(() => {
  llm.requests.length = 0;
});

describe("LlmReplyClassifier", () => {
  it("the model's answer decides, and it sees only the new text and the day received", async () => {
    llm.reply = answer({ intent: "meeting", confidence: 0.93, return_date: null });
    const c = await classifier.classify(
      "Sure, happy to meet. Tuesday at 10am works for a call.\n\nOn Mon, Feb 23, 2026 Justin wrote:\n> Unsubscribe here",
      at,
    );
    expect(c).toEqual({
      intent: "meeting",
      confidence: 0.93,
      returnDate: null,
      by: "llm:claude-test",
      referral: null,
      stopSignal: false,
    });
    const body = llm.requests[0]?.body;
    expect(body.model).toBe("claude-test");
    expect(body.system).toBe(REPLY_CLASSIFIER_PROMPT);
    const content = body.messages[0].content as string;
    expect(content).toContain("Received: 2026-02-25");
    expect(content).toContain("Tuesday at 10am");
    expect(content).not.toContain("Unsubscribe here");
  });

  it("reads a fenced answer and an out-of-office return date", async () => {
    llm.reply = () =>
      'Here you go:\n```json\n{"intent":"out_of_office","confidence":0.9,"return_date":"2026-03-09"}\n```';
    const c = await classifier.classify("Estoy de vacaciones hasta el 9 de marzo.", at);
    expect(c).toMatchObject({ intent: "out_of_office", by: "llm:claude-test" });
    expect(c.returnDate?.toISOString()).toBe("2026-03-09T00:00:00.000Z");
  });

  it("an out-of-office answer with an impossible date keeps the date the rules found", async () => {
    llm.reply = answer({ intent: "out_of_office", confidence: 0.8, return_date: "2026-02-30" });
    const c = await classifier.classify("Ich bin bis zum 3. März 2026 nicht im Büro.", at);
    expect(c.returnDate?.toISOString()).toBe("2026-03-03T00:00:00.000Z");
  });

  it.each([
    ["prose", () => "I think this person is interested.", "no JSON object in the answer"],
    ["broken JSON", () => '{"intent": "interested", ', "no JSON object in the answer"],
    ["an unknown intent", answer({ intent: "maybe", confidence: 0.5 }), "does not match the contract"],
    ["a confidence out of range", answer({ intent: "other", confidence: 7 }), "does not match the contract"],
  ])("falls back to the rules on %s", async (_what, reply, reason) => {
    llm.reply = reply;
    const c = await classifier.classify("Gerne, schicken Sie mir mehr Informationen.", at);
    expect(c.intent).toBe("interested");
    expect(c.by).toMatch(/^rules:interest\.positive \(llm fallback: /);
    expect(c.by).toContain(reason);
  });

  it("falls back to the rules when the API fails", async () => {
    llm.failNext(529);
    const c = await classifier.classify("Kein Interesse, danke.", at);
    expect(c).toMatchObject({ intent: "not_interested" });
    expect(c.by).toBe("rules:reject.explicit (llm fallback: the model API answered 529)");
  });

  it("falls back to the rules when the key is refused", async () => {
    const wrong = new LlmReplyClassifier(
      { baseUrl: llm.baseUrl, apiKey: "wrong", model: "claude-test" },
      { maxRetries: 0 },
    );
    const c = await wrong.classify("Pas intéressé, merci.", at);
    expect(c.by).toBe("rules:reject.explicit (llm fallback: the model API answered 401)");
  });

  it("falls back to the rules when the model does not answer in time", async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const slow = new LlmReplyClassifier(
        {
          baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
          apiKey: "k",
          model: "claude-test",
        },
        { maxRetries: 0, timeoutMs: 200 },
      );
      const c = await slow.classify("Sure, happy to meet. Tuesday at 10am works for a call.", at);
      expect(c.intent).toBe("meeting");
      expect(c.by).toBe("rules:meeting.scheduling (llm fallback: timeout)");
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("a stop request the rules see wins over the model", async () => {
    llm.reply = answer({ intent: "interested", confidence: 0.7, return_date: null });
    const c = await classifier.classify("Klingt gut, aber bitte tragen Sie mich aus der Liste aus.", at);
    expect(c.intent).toBe("unsubscribe");
    expect(c.by).toBe("rules:unsubscribe.request (over llm: interested)");
  });

  it("a delay keeps the model's date to try again, or the rules' date when the model gives none", async () => {
    llm.reply = answer({
      intent: "later",
      confidence: 0.92,
      return_date: "2026-09-01",
      referral: null,
      stop_signal: false,
    });
    const c = await classifier.classify("Pas pour l'instant, recontactez-moi en septembre.", at);
    expect(c).toMatchObject({ intent: "later", by: "llm:claude-test" });
    expect(c.returnDate?.toISOString()).toBe("2026-09-01T00:00:00.000Z");
    llm.reply = answer({
      intent: "later",
      confidence: 0.92,
      return_date: null,
      referral: null,
      stop_signal: false,
    });
    const d = await classifier.classify("Not now, try me in March.", at);
    expect(d.returnDate?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });

  it("a referral carries whom the model names; a malformed address is dropped for the rules' one", async () => {
    llm.reply = answer({
      intent: "referral",
      confidence: 0.9,
      return_date: null,
      referral: { name: "Dana Ortiz", email: "not an address" },
      stop_signal: false,
    });
    const c = await classifier.classify("I've left; please contact Dana Ortiz, dana.ortiz@acme.example.", at);
    expect(c).toMatchObject({
      intent: "referral",
      referral: { name: "Dana Ortiz", email: "dana.ortiz@acme.example" },
    });
    expect(decidesAlone(c)).toBe(false);
  });

  it("the rules' stop signal is kept: the model cannot turn it into an automatic continue", async () => {
    llm.reply = answer({
      intent: "interested",
      confidence: 0.99,
      return_date: null,
      referral: null,
      stop_signal: false,
    });
    const c = await classifier.classify("Is this spam? Who gave you my email? Anyway, send the pricing.", at);
    expect(c).toMatchObject({ intent: "interested", stopSignal: true });
    expect(decidesAlone(c)).toBe(false);
  });

  it("the model may add a stop signal the rules did not see", async () => {
    llm.reply = answer({
      intent: "not_interested",
      confidence: 0.95,
      return_date: null,
      referral: null,
      stop_signal: true,
    });
    const c = await classifier.classify("Enough already.", at);
    expect(c.stopSignal).toBe(true);
    expect(decidesAlone(c)).toBe(false);
  });

  it("the same confidence rule caps the model: sarcasm is never a sure yes", async () => {
    llm.reply = answer({
      intent: "interested",
      confidence: 0.98,
      return_date: null,
      referral: null,
      stop_signal: false,
    });
    const c = await classifier.classify("Oh great, another sales pitch. Just what I needed.", at);
    expect(c.intent).toBe("interested");
    expect(c.confidence).toBeLessThan(0.95);
    expect(decidesAlone(c)).toBe(false);
  });

  it("a plain yes the rules agree with stays sure", async () => {
    llm.reply = answer({
      intent: "interested",
      confidence: 0.97,
      return_date: null,
      referral: null,
      stop_signal: false,
    });
    const c = await classifier.classify("Yes please, this is interesting. Send me the deck.", at);
    expect(c.confidence).toBe(0.97);
    expect(decidesAlone(c)).toBe(true);
  });

  it("with the API down, it measures as the rules do on the labelled set", async () => {
    llm.failNext(500, LABELLED_REPLIES.length);
    const viaLlm = await measureClassifier(classifier, LABELLED_REPLIES);
    const rules = await measureClassifier(ruleClassifier, LABELLED_REPLIES);
    expect(viaLlm.perIntent).toEqual(rules.perIntent);
  });
});

describe("parseLlmAnswer", () => {
  it("takes the object, without a return date (the older shape)", () => {
    expect(parseLlmAnswer('{"intent":"unsubscribe","confidence":1}')).toEqual({
      ok: true,
      answer: { intent: "unsubscribe", confidence: 1, returnDate: null, referral: null, stopSignal: false },
    });
  });

  it("takes the full shape, and refuses extra nonsense in it", () => {
    expect(
      parseLlmAnswer(
        '{"intent":"referral","confidence":0.8,"return_date":null,"referral":{"name":"Ana","email":null},"stop_signal":false}',
      ),
    ).toMatchObject({ ok: true, answer: { intent: "referral", referral: { name: "Ana", email: null } } });
    expect(parseLlmAnswer('{"intent":"later","confidence":0.8,"stop_signal":"yes"}')).toMatchObject({
      ok: false,
    });
  });

  it("the prompt names every intent", () => {
    for (const intent of ["later", "referral", "stop_signal"])
      expect(REPLY_CLASSIFIER_PROMPT).toContain(intent);
  });
});

describe("the composition root", () => {
  it("chooses the LLM classifier when LLM_* is set, the rules with the model otherwise", async () => {
    expect(createReplyClassifier({ llm: undefined })).toBe(rulesAndModelClassifier);
    expect(
      createReplyClassifier({ llm: { baseUrl: llm.baseUrl, apiKey: "k", model: "claude-x" } }).name,
    ).toBe("llm:claude-x");
    try {
      await configureReplyClassifier({ llm: undefined });
      expect((await campaignPorts()).classifier).toBe(rulesAndModelClassifier);
      const restore = await configureReplyClassifier({
        llm: { baseUrl: llm.baseUrl, apiKey: "k", model: "claude-x" },
      });
      expect((await campaignPorts()).classifier.name).toBe("llm:claude-x");
      restore();
      expect((await campaignPorts()).classifier).toBe(rulesAndModelClassifier);
    } finally {
      setCampaignPorts({});
    }
  });
});

describe("LlmReplyClassifier with a tenant's model (issue 72 item 2)", () => {
  it("its local reading votes with the tenant's model, and the reading names that model's version", async () => {
    const withLocal = new LlmReplyClassifier(
      { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "claude-test" },
      { maxRetries: 0, timeoutMs: 2_000, local: rulesAndModelClassifier },
    );
    // a tenant model that votes "meeting" on everything, surely
    const tenant = { version: "tenant:7", vote: () => ({ intent: "meeting" as const, share: 0.99 }) };
    const text = "Sure, happy to meet. Tuesday at 10am works for a call.";
    llm.reply = answer({ intent: "meeting", confidence: 0.93, return_date: null });
    const base = await withLocal.classify(text, at);
    expect(base.modelVersion).toMatch(/^base:[0-9a-f]{12}$/);
    const mine = await withLocal.withModel(tenant).classify(text, at);
    expect(mine.intent).toBe("meeting");
    expect(mine.modelVersion).toBe("tenant:7");
    // the original is untouched, and one with no local reading has no model to take
    expect((await withLocal.classify(text, at)).modelVersion).toBe(base.modelVersion);
    expect(classifier.withModel(tenant)).toBe(classifier);
    // the LLM silent: the local reading stands, with the tenant's model named
    llm.reply = () => "not json";
    const fallback = await withLocal.withModel(tenant).classify(text, at);
    expect(fallback.modelVersion).toBe("tenant:7");
    expect(fallback.by).toContain("llm fallback");
  });
});
