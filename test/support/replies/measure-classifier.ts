// Precision and recall of a reply classifier over a labelled set (labelled-replies.ts), per intent
// and per language; how often a return date (out of office, later) and a referral's address are
// right; and what Baton would do alone (issue 56: decidesAlone in automation.ts): the share of
// replies decided without a person, how many of those are right, and how many stop requests were
// decided alone as something else (must be none). Pure but for the classifier it calls; the test
// prints the tables that docs/mailboxes.md ("Reply intents") shows.
import { decidesAlone } from "../../../src/replies/automation.ts";
import { REPLY_INTENTS, type ReplyClassifier, type ReplyIntent } from "../../../src/replies/classifier.ts";
import {
  LABELLED_RECEIVED_AT,
  LANGUAGES,
  type LabelledReply,
  type Language,
} from "../../fixtures/replies/tuned/labelled-reply.ts";

export const INTENTS: readonly ReplyIntent[] = REPLY_INTENTS;

/** What Baton does alone on a set: replies decided without a person, and how many rightly. */
export interface AloneFigures {
  total: number;
  alone: number;
  aloneRight: number;
  /** alone / total */
  share: number;
  /** aloneRight / alone (1 when none is decided alone) */
  accuracy: number;
}

export interface IntentFigures {
  intent: ReplyIntent;
  /** labelled with this intent */
  support: number;
  truePositives: number;
  /** classified as this intent */
  predicted: number;
  precision: number;
  recall: number;
}

export interface Measurement {
  total: number;
  correct: number;
  accuracy: number;
  perIntent: IntentFigures[];
  /** Per language: accuracy, and the figures per intent. */
  perLanguage: {
    lang: Language;
    total: number;
    accuracy: number;
    perIntent: IntentFigures[];
    alone: AloneFigures;
  }[];
  /** Out-of-office and later replies, with a labelled date, whose date was found exactly. */
  returnDates: { right: number; labelled: number };
  /** Referrals labelled with an address whose address was found. */
  referralEmails: { right: number; labelled: number };
  alone: AloneFigures;
  /** Per labelled intent: how many of its replies were decided alone, and how many of those rightly. */
  aloneByIntent: ({ intent: ReplyIntent } & AloneFigures)[];
  /** Stop requests (labelled unsubscribe) that Baton would act on alone as another intent. */
  stopsDecidedOtherwise: number;
  mistakes: string[];
}

interface Outcome {
  reply: LabelledReply;
  got: ReplyIntent;
  by: string;
  returnDate: string | null;
  referralEmail: string | null;
  alone: boolean;
  confidence: number;
}

function aloneFigures(outcomes: Outcome[]): AloneFigures {
  const alone = outcomes.filter((o) => o.alone);
  const aloneRight = alone.filter((o) => o.got === o.reply.intent).length;
  return {
    total: outcomes.length,
    alone: alone.length,
    aloneRight,
    share: outcomes.length ? alone.length / outcomes.length : 0,
    accuracy: alone.length ? aloneRight / alone.length : 1,
  };
}

function figures(outcomes: Outcome[]): IntentFigures[] {
  return INTENTS.map((intent) => {
    const support = outcomes.filter((o) => o.reply.intent === intent).length;
    const predicted = outcomes.filter((o) => o.got === intent).length;
    const truePositives = outcomes.filter((o) => o.got === intent && o.reply.intent === intent).length;
    // an empty class is neither precise nor imprecise: 1 keeps the floor checks honest about the rest
    return {
      intent,
      support,
      truePositives,
      predicted,
      precision: predicted === 0 ? 1 : truePositives / predicted,
      recall: support === 0 ? 1 : truePositives / support,
    };
  });
}

export async function measureClassifier(
  classifier: ReplyClassifier,
  set: readonly LabelledReply[],
): Promise<Measurement> {
  const outcomes: Outcome[] = [];
  for (const reply of set) {
    const c = await classifier.classify(reply.text, new Date(reply.receivedAt ?? LABELLED_RECEIVED_AT));
    outcomes.push({
      reply,
      got: c.intent,
      by: c.by,
      returnDate: c.returnDate ? c.returnDate.toISOString().slice(0, 10) : null,
      referralEmail: c.referral?.email ?? null,
      alone: decidesAlone(c),
      confidence: c.confidence,
    });
  }
  const mistakes: string[] = [];
  let dateRight = 0;
  let dateLabelled = 0;
  let emailRight = 0;
  let emailLabelled = 0;
  for (const o of outcomes) {
    const lang = o.reply.lang ?? "en";
    const first = o.reply.text.replace(/\s+/g, " ").slice(0, 80);
    const how = `${o.by} ${o.confidence}${o.alone ? " ALONE" : ""}`;
    if (o.got !== o.reply.intent) mistakes.push(`[${lang}] ${o.got} (${how}) ≠ ${o.reply.intent}: ${first}`);
    const dated = o.reply.intent === "out_of_office" || o.reply.intent === "later";
    if (dated && o.reply.returnDate !== undefined) {
      dateLabelled += 1;
      if (o.got === o.reply.intent && o.returnDate === o.reply.returnDate) dateRight += 1;
      else if (o.got === o.reply.intent)
        mistakes.push(`[${lang}] date ${o.returnDate} ≠ ${o.reply.returnDate}: ${first}`);
    }
    if (o.reply.intent === "referral" && o.reply.referralEmail !== undefined) {
      emailLabelled += 1;
      if (o.got === "referral" && o.referralEmail === o.reply.referralEmail) emailRight += 1;
      else if (o.got === "referral")
        mistakes.push(`[${lang}] referral address ${o.referralEmail} ≠ ${o.reply.referralEmail}: ${first}`);
    }
  }
  const correct = outcomes.filter((o) => o.got === o.reply.intent).length;
  const langOf = (o: Outcome) => o.reply.lang ?? "en";
  return {
    total: outcomes.length,
    correct,
    accuracy: outcomes.length ? correct / outcomes.length : 1,
    perIntent: figures(outcomes),
    perLanguage: LANGUAGES.map((lang) => {
      const mine = outcomes.filter((o) => langOf(o) === lang);
      const ok = mine.filter((o) => o.got === o.reply.intent).length;
      return {
        lang,
        total: mine.length,
        accuracy: mine.length ? ok / mine.length : 1,
        perIntent: figures(mine),
        alone: aloneFigures(mine),
      };
    }).filter((l) => l.total > 0),
    returnDates: { right: dateRight, labelled: dateLabelled },
    referralEmails: { right: emailRight, labelled: emailLabelled },
    alone: aloneFigures(outcomes),
    aloneByIntent: INTENTS.map((intent) => ({
      intent,
      ...aloneFigures(outcomes.filter((o) => o.reply.intent === intent)),
    })),
    stopsDecidedOtherwise: outcomes.filter(
      (o) => o.alone && o.reply.intent === "unsubscribe" && o.got !== "unsubscribe",
    ).length,
    mistakes,
  };
}

const pct = (x: number) => x.toFixed(2);

/** The tables docs/mailboxes.md shows, in Markdown. */
export function formatMeasurement(m: Measurement, title: string): string {
  const lines = [
    `${title}: ${m.correct} of ${m.total} replies right (accuracy ${pct(m.accuracy)}); ` +
      `dates ${m.returnDates.right} of ${m.returnDates.labelled}; ` +
      `referral addresses ${m.referralEmails.right} of ${m.referralEmails.labelled}; ` +
      `decided alone ${m.alone.alone} of ${m.total} (${pct(m.alone.share)}), ${m.alone.aloneRight} of them right ` +
      `(${pct(m.alone.accuracy)}); stop requests decided alone as something else: ${m.stopsDecidedOtherwise}`,
    "",
    "| intent | replies | precision | recall | decided alone | right alone |",
    "|---|---:|---:|---:|---:|---:|",
    ...m.perIntent.map((f) => {
      const a = m.aloneByIntent.find((x) => x.intent === f.intent);
      return `| ${f.intent} | ${f.support} | ${pct(f.precision)} | ${pct(f.recall)} | ${a ? pct(a.share) : "-"} | ${a?.alone ? pct(a.accuracy) : "-"} |`;
    }),
    "",
    `| language | replies | accuracy | decided alone | right alone | ${INTENTS.map((i) => `${i} P/R`).join(" | ")} |`,
    `|---|---:|---:|---:|---:|${INTENTS.map(() => "---:").join("|")}|`,
    ...m.perLanguage.map(
      (l) =>
        `| ${l.lang} | ${l.total} | ${pct(l.accuracy)} | ${pct(l.alone.share)} | ${pct(l.alone.accuracy)} | ${l.perIntent
          .map((f) => `${pct(f.precision)}/${pct(f.recall)}`)
          .join(" | ")} |`,
    ),
  ];
  return lines.join("\n");
}
