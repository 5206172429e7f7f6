// The replies written for the check on 2026-11-30 (test/fixtures/replies/checked/README.md): 2,290
// in the seven languages, the rules changed from what they misread. Tuned on, so this is a guard, not a
// measure: no harmful reading comes back, no reading acted on alone is wrong, and the share read
// right does not fall. The held-out sets are the measure (holdout-model.test.ts).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decidesAlone } from "../../src/replies/automation.ts";
import { REPLY_INTENTS, type ReplyIntent } from "../../src/replies/classifier.ts";
import { rulesAndModelClassifier } from "../../src/replies/model-classifier.ts";

const DIR = fileURLToPath(new URL("../fixtures/replies/checked/", import.meta.url));

interface CheckedReply {
  id: string;
  lang: string;
  intent: ReplyIntent;
  text: string;
  stop: boolean;
  received_at: string;
  to_person?: boolean;
  data_protection?: "erasure" | "access";
  left_company?: boolean;
}

const replies: CheckedReply[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".jsonl"))
  .sort()
  .flatMap((f) =>
    readFileSync(`${DIR}${f}`, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as CheckedReply),
  );

/**
 * Readings left as they are, each a judgement, not an oversight: "This is the fourth email from you
 * this month … The answer is no" is labelled a no, and read as a stop (an angry "the fourth email"
 * is one, and a stop the model hears as a no stands: combined-classifier.ts). The contact is opted
 * out where a person might have ended one campaign: the safe side.
 */
const KNOWN = new Set([
  "p3-en-018",
  "p8-it-005",
  // a call asked for "next week" with a time asked back ("Let's talk sometime next week - what works
  // for you?", "Bel mij eens deze week, liefst na 14u"): labelled interested, read as a meeting, a yes
  // either way; a receptionist's note that the person is away until a date, with the manager for
  // what is urgent: labelled a referral, read as the absence it reports
  "p16-en-014",
  "p16-nl-027",
  "p15-es-024",
]);

describe("the replies written for the check", () => {
  it("hold 2,290 labelled replies in the seven languages, each stop marked", () => {
    expect(replies.length).toBe(2290);
    expect(new Set(replies.map((r) => r.id)).size).toBe(replies.length);
    expect(new Set(replies.map((r) => r.lang))).toEqual(new Set(["en", "de", "fr", "es", "nl", "it", "pt"]));
    for (const r of replies) {
      expect(REPLY_INTENTS, r.id).toContain(r.intent);
      expect(r.stop, r.id).toBe(r.intent === "unsubscribe");
    }
  });

  it("read none harmfully, and act alone on none wrongly, but the known judgement", async () => {
    const harmful: string[] = [];
    const wrongAlone: string[] = [];
    let right = 0;
    let alone = 0;
    for (const r of replies) {
      const c = await rulesAndModelClassifier.classify(r.text, new Date(r.received_at));
      const sure = decidesAlone(c);
      if (c.intent === r.intent) right++;
      if (sure) alone++;
      const positive = (i: string) => i === "interested" || i === "meeting";
      const stopMissed = r.stop && c.intent !== "unsubscribe" && !c.stopSignal && !c.dataRequest;
      const noAsYes = sure && positive(c.intent) && !positive(r.intent);
      const falseStop = !r.stop && sure && c.intent === "unsubscribe";
      const requestMissed = r.data_protection !== undefined && c.dataRequest !== r.data_protection;
      const leftMissed = (r.left_company ?? false) !== (c.leftCompany ?? false) && (sure || r.left_company);
      const questionAlone = (r.to_person ?? false) && sure;
      if (stopMissed || noAsYes || falseStop || requestMissed || leftMissed || questionAlone)
        harmful.push(r.id);
      else if (sure && c.intent !== r.intent) wrongAlone.push(r.id);
    }
    const share = (n: number) => `${((100 * n) / replies.length).toFixed(1)}%`;
    console.log(
      `checked sets: ${replies.length} replies, intent right ${share(right)}, decided alone ${alone}, ` +
        `to a person ${share(replies.length - alone)}, harmful ${harmful.length} (${harmful.join(", ")})`,
    );
    expect(harmful.filter((id) => !KNOWN.has(id))).toEqual([]);
    expect(wrongAlone.filter((id) => !KNOWN.has(id))).toEqual([]);
    // 91.6% when this test was written (2026-11-30); the first readings of the five rounds were
    // 74.7-81.7% (docs/mailboxes.md)
    expect(right / replies.length).toBeGreaterThanOrEqual(0.91);
  }, 120_000);
});
