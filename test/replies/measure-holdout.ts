// The held-out sets of labelled replies (issue 56, "Must show"; issue 72 adds a second): replies
// nobody tunes the rules on, in test/fixtures/replies/holdout/<lang>.jsonl and
// test/fixtures/replies/holdout-72/<lang>.jsonl, and what a classifier would do with them once
// automation.ts decides which readings Baton acts on alone. Only aggregate figures leave this
// module: the engineer tuning the rules must not learn the set's wording from its output, so no
// reply's text, id or mistake is ever part of a figure or an error message.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Static, Type } from "typebox";
import { Value } from "typebox/value";
import { decidesAlone } from "../../src/replies/automation.ts";
import { type Classification, REPLY_INTENTS, type ReplyClassifier } from "../../src/replies/classifier.ts";

export const HOLDOUT_DIR = fileURLToPath(new URL("../fixtures/replies/holdout/", import.meta.url));

/** Issue 72's held-out set: 210 replies (30 a language) written by a helper who never read the rules. */
export const HOLDOUT_72_DIR = fileURLToPath(new URL("../fixtures/replies/holdout-72/", import.meta.url));

/** Every held-out set, with the size it must keep (the tests run over each). */
export const HOLDOUT_SETS = [
  { name: "holdout (issue 56)", dir: HOLDOUT_DIR, minPerLanguage: 40, minTotal: 300 },
  { name: "holdout-72 (issue 72)", dir: HOLDOUT_72_DIR, minPerLanguage: 30, minTotal: 210 },
] as const;

/** The seven languages the set covers (two writers: en, de, fr, nl and es, it, pt). */
export const HOLDOUT_LANGUAGES = ["en", "de", "fr", "nl", "es", "it", "pt"] as const;

const CASES = [
  "plain",
  "polite_stop",
  "angry_stop",
  "legal_stop",
  "delay_with_date",
  "delay_no_date",
  "referral",
  "forward",
  "one_liner",
  "sarcasm",
  "footer",
  "disclaimer",
  "long_thread",
  "mobile",
  "mixed",
  // issue 72's set adds these
  "question",
  "covering_inbox",
  "auto_referral",
  "data_protection",
  "booking_link",
  "left_company",
] as const;

/** One line of a holdout file, as the brief for the set defines it. */
export const HoldoutReply = Type.Object(
  {
    id: Type.String({ pattern: "^[a-z]{2}-\\d{3}$" }),
    lang: Type.Union(HOLDOUT_LANGUAGES.map((l) => Type.Literal(l))),
    intent: Type.Union(REPLY_INTENTS.map((i) => Type.Literal(i))),
    text: Type.String({ minLength: 1 }),
    /** later: when to try again; out_of_office: when the person is back (YYYY-MM-DD), else null */
    date: Type.Union([Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" }), Type.Null()]),
    /** the person asks not to be contacted again */
    stop: Type.Boolean(),
    referral_email: Type.Union([Type.String({ minLength: 3 }), Type.Null()]),
    case: Type.Union(CASES.map((c) => Type.Literal(c))),
    received_at: Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$" }),
    // Optional (issue 72), absent from the older set: effects the intent alone does not say.
    /** the reply must reach a person whatever its reading (a question: price, references) */
    to_person: Type.Optional(Type.Boolean()),
    /** a data-protection request (stop is true too): erase the person's data, or tell what is held */
    data_protection: Type.Optional(Type.Union([Type.Literal("erasure"), Type.Literal("access")])),
    /** the person has left the company; referral_email is the successor when one is named */
    left_company: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type HoldoutReply = Static<typeof HoldoutReply>;

/** Every reply of every holdout file; a malformed line fails with its file, line and field only. */
export function loadHoldout(dir: string = HOLDOUT_DIR): HoldoutReply[] {
  const replies: HoldoutReply[] = [];
  const ids = new Set<string>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()) {
    const lines = readFileSync(path.join(dir, file), "utf8").split("\n");
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      const where = `${file}:${i + 1}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`${where}: not JSON`);
      }
      if (!Value.Check(HoldoutReply, parsed)) {
        const first = [...Value.Errors(HoldoutReply, parsed)][0];
        throw new Error(`${where}: ${first?.instancePath || "/"} ${first?.message ?? "does not match"}`);
      }
      if (`${parsed.lang}.jsonl` !== file) throw new Error(`${where}: lang is not the file's`);
      if (ids.has(parsed.id)) throw new Error(`${where}: id used twice`);
      ids.add(parsed.id);
      replies.push(parsed);
    });
  }
  return replies;
}

/** Counts; the table derives the percentages. */
export interface HoldoutFigures {
  replies: number;
  /** the intent read is the labelled one */
  intentRight: number;
  /** decidesAlone: Baton acts without a person */
  alone: number;
  /** of those, the intent read is the labelled one (for later, also the date to try again) */
  aloneRight: number;
  /** decidesAlone false: the reply waits for a person */
  toPerson: number;
  /** labelled stop: the person asked not to be contacted again */
  stopRequests: number;
  /** a stop request decided alone as something other than unsubscribe: an automatic touch follows */
  stopAutoTouched: number;
  /** a stop request read as something other than unsubscribe, without a stop signal either */
  stopMissed: number;
  /** a reply that did not say yes (not interested/meeting) decided alone as interested/meeting */
  falseYes: number;
  /** no stop request, but decided alone as unsubscribe */
  falseStops: number;
  /** labelled to_person (a question) */
  mustReachPerson: number;
  /** of those, decided alone: nobody sees the question */
  mustReachPersonAlone: number;
}

export interface HoldoutMeasurement {
  perLanguage: { lang: string; figures: HoldoutFigures }[];
  overall: HoldoutFigures;
}

const YES = new Set(["interested", "meeting"]);
const isoDay = (d: Date | null) => (d === null ? null : d.toISOString().slice(0, 10));

function tally(pairs: { reply: HoldoutReply; got: Classification }[]): HoldoutFigures {
  const f: HoldoutFigures = {
    replies: 0,
    intentRight: 0,
    alone: 0,
    aloneRight: 0,
    toPerson: 0,
    stopRequests: 0,
    stopAutoTouched: 0,
    stopMissed: 0,
    falseYes: 0,
    falseStops: 0,
    mustReachPerson: 0,
    mustReachPersonAlone: 0,
  };
  for (const { reply, got } of pairs) {
    const sameIntent = got.intent === reply.intent;
    const alone = decidesAlone(got);
    f.replies++;
    if (sameIntent) f.intentRight++;
    if (alone) {
      f.alone++;
      // a delay acted on alone schedules the next touch: a wrong date is a wrong decision
      if (sameIntent && (reply.intent !== "later" || isoDay(got.returnDate) === reply.date)) f.aloneRight++;
      if (!YES.has(reply.intent) && YES.has(got.intent)) f.falseYes++;
      if (!reply.stop && got.intent === "unsubscribe") f.falseStops++;
    } else {
      f.toPerson++;
    }
    if (reply.to_person) {
      f.mustReachPerson++;
      if (alone) f.mustReachPersonAlone++;
    }
    if (reply.stop) {
      f.stopRequests++;
      if (alone && got.intent !== "unsubscribe") f.stopAutoTouched++;
      if (got.intent !== "unsubscribe" && !got.stopSignal) f.stopMissed++;
    }
  }
  return f;
}

/** Classifies every reply (at its own received_at) and counts, per language and overall. */
export async function measureHoldout(
  replies: readonly HoldoutReply[],
  classifier: ReplyClassifier,
): Promise<HoldoutMeasurement> {
  const pairs: { reply: HoldoutReply; got: Classification }[] = [];
  for (const reply of replies) {
    pairs.push({ reply, got: await classifier.classify(reply.text, new Date(reply.received_at)) });
  }
  const langs = [...new Set(replies.map((r) => r.lang))].sort(
    (a, b) => HOLDOUT_LANGUAGES.indexOf(a) - HOLDOUT_LANGUAGES.indexOf(b),
  );
  return {
    perLanguage: langs.map((lang) => ({ lang, figures: tally(pairs.filter((p) => p.reply.lang === lang)) })),
    overall: tally(pairs),
  };
}

const pct = (n: number, of: number) => (of === 0 ? "-" : `${((100 * n) / of).toFixed(1)}%`);

/** The table the test prints (and a script may print): aggregate figures only. */
export function formatHoldoutTable(
  m: HoldoutMeasurement,
  classifierName = "rules",
  setName = "holdout",
): string {
  const head = [
    "lang",
    "replies",
    "intent right",
    "alone",
    "alone right",
    "to a person",
    "stops",
    "stop then auto touch",
    "stop missed",
    "no-yes alone as yes",
    "false stops",
    "question alone",
  ];
  const row = (lang: string, f: HoldoutFigures) => [
    lang,
    String(f.replies),
    pct(f.intentRight, f.replies),
    String(f.alone),
    pct(f.aloneRight, f.alone),
    pct(f.toPerson, f.replies),
    String(f.stopRequests),
    String(f.stopAutoTouched),
    String(f.stopMissed),
    String(f.falseYes),
    String(f.falseStops),
    f.mustReachPerson === 0 ? "-" : `${f.mustReachPersonAlone}/${f.mustReachPerson}`,
  ];
  const rows = [head, ...m.perLanguage.map((l) => row(l.lang, l.figures)), row("all", m.overall)];
  const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return [`held-out replies (${setName}), classifier: ${classifierName}`, ...rows.map(line)].join("\n");
}
