import { describe, expect, it } from "vitest";
import { LABELLED_RECEIVED_AT, LABELLED_REPLIES } from "./labelled-replies.ts";
import { classifyReply, ruleClassifier, stripQuoted } from "./rule-classifier.ts";

describe("ruleClassifier on the labelled set", () => {
  it("has a realistic, balanced set of at least 50 replies", () => {
    expect(LABELLED_REPLIES.length).toBeGreaterThanOrEqual(50);
    const counts = new Map<string, number>();
    for (const r of LABELLED_REPLIES) counts.set(r.intent, (counts.get(r.intent) ?? 0) + 1);
    for (const intent of [
      "interested",
      "meeting",
      "not_interested",
      "unsubscribe",
      "out_of_office",
      "other",
    ]) {
      expect(counts.get(intent) ?? 0, intent).toBeGreaterThanOrEqual(8);
    }
  });

  it("classifies every labelled reply correctly (accuracy 100%), with return dates", async () => {
    const wrong: string[] = [];
    const perIntent = new Map<string, { ok: number; n: number }>();
    for (const r of LABELLED_REPLIES) {
      const c = await ruleClassifier.classify(r.text, new Date(r.receivedAt ?? LABELLED_RECEIVED_AT));
      const s = perIntent.get(r.intent) ?? { ok: 0, n: 0 };
      s.n += 1;
      let ok = c.intent === r.intent;
      if (ok && r.intent === "out_of_office" && r.returnDate !== undefined) {
        const got = c.returnDate ? c.returnDate.toISOString().slice(0, 10) : null;
        ok = got === r.returnDate;
        if (!ok) wrong.push(`return date ${got} ≠ ${r.returnDate}: ${r.text.slice(0, 70)}`);
      } else if (!ok) {
        wrong.push(`${c.intent} (${c.by}) ≠ ${r.intent}: ${r.text.slice(0, 70)}`);
      }
      if (ok) s.ok += 1;
      perIntent.set(r.intent, s);
    }
    const total = LABELLED_REPLIES.length;
    const accuracy = (total - wrong.length) / total;
    console.log(
      `reply classifier accuracy ${(accuracy * 100).toFixed(1)}% on ${total} labelled replies: ` +
        [...perIntent].map(([k, v]) => `${k} ${v.ok}/${v.n}`).join(", "),
    );
    expect(wrong).toEqual([]);
    expect(accuracy).toBe(1);
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
