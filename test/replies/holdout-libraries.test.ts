// Issue 71 item 5: Baton's hand-written date readers and language detection against chrono-node and
// franc-min on the held-out replies (test/replies/measure-libraries.ts; figures in docs/learning.md).
// A library replaces the hand-written part only where it does better: more replies right and no
// more wrong (a wrong day pauses or resumes a sequence wrongly; a wrong language skews the
// per-language agreement rate, where "unsure" does not). On both sets it did not, so the
// hand-written parts stay; this test prints both figures and fails when that no longer holds, so
// the decision is taken again. Aggregate figures only.
import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/replies/detect-language.ts";
import { HOLDOUT_SETS, loadHoldout } from "./measure-holdout.ts";
import {
  chronoDate,
  formatTable,
  francLanguage,
  handWrittenDate,
  measureDates,
  measureLanguages,
} from "./measure-libraries.ts";

/** Better: more right, and no more wrong. */
const better = (lib: { right: number; wrong: number }, hand: { right: number; wrong: number }) =>
  lib.right > hand.right && lib.wrong <= hand.wrong;

describe.each(HOLDOUT_SETS)("libraries on $name", ({ name, dir }) => {
  const replies = loadHoldout(dir);

  it("dates (out of office, later): chrono-node does not do better than the hand-written readers", () => {
    const m = measureDates(replies, {
      "hand-written": handWrittenDate,
      "chrono-node": () => chronoDate,
      "hand, else chrono": (intent) => (own, at, lang) =>
        handWrittenDate(intent)(own, at, lang) ?? chronoDate(own, at, lang),
    });
    console.log(formatTable(`dates, ${name}`, m));
    expect(better(m["chrono-node"].all, m["hand-written"].all)).toBe(false);
    expect(better(m["hand, else chrono"].all, m["hand-written"].all)).toBe(false);
  });

  it("language: franc-min does not do better than the hand-written detection", () => {
    const m = measureLanguages(replies, {
      "hand-written": detectLanguage,
      "franc-min": francLanguage,
      "hand, else franc": (text) => detectLanguage(text) ?? francLanguage(text),
    });
    console.log(formatTable(`language, ${name}`, m));
    expect(better(m["franc-min"].all, m["hand-written"].all)).toBe(false);
    expect(better(m["hand, else franc"].all, m["hand-written"].all)).toBe(false);
  });
});
