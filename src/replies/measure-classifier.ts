// Precision and recall of a reply classifier over a labelled set (labelled-replies.ts), per intent
// and per language, and how often an out-of-office reply's return date is right. Pure but for the
// classifier it calls; the test prints the table that docs/mailboxes.md ("Reply intents") shows.
import type { ReplyClassifier, ReplyIntent } from "./classifier.ts";
import { LABELLED_RECEIVED_AT, LANGUAGES, type LabelledReply, type Language } from "./labelled-reply.ts";

export const INTENTS: readonly ReplyIntent[] = [
  "interested",
  "meeting",
  "not_interested",
  "unsubscribe",
  "out_of_office",
  "other",
];

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
  perLanguage: { lang: Language; total: number; accuracy: number; perIntent: IntentFigures[] }[];
  /** Out-of-office replies correctly classified whose labelled return date was found exactly. */
  returnDates: { right: number; labelled: number };
  mistakes: string[];
}

interface Outcome {
  reply: LabelledReply;
  got: ReplyIntent;
  by: string;
  returnDate: string | null;
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
    });
  }
  const mistakes: string[] = [];
  let dateRight = 0;
  let dateLabelled = 0;
  for (const o of outcomes) {
    const lang = o.reply.lang ?? "en";
    const first = o.reply.text.replace(/\s+/g, " ").slice(0, 80);
    if (o.got !== o.reply.intent) mistakes.push(`[${lang}] ${o.got} (${o.by}) ≠ ${o.reply.intent}: ${first}`);
    if (o.reply.intent === "out_of_office" && o.reply.returnDate !== undefined) {
      dateLabelled += 1;
      if (o.got === "out_of_office" && o.returnDate === o.reply.returnDate) dateRight += 1;
      else if (o.got === "out_of_office")
        mistakes.push(`[${lang}] return date ${o.returnDate} ≠ ${o.reply.returnDate}: ${first}`);
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
      };
    }).filter((l) => l.total > 0),
    returnDates: { right: dateRight, labelled: dateLabelled },
    mistakes,
  };
}

const pct = (x: number) => x.toFixed(2);

/** The tables docs/mailboxes.md shows, in Markdown. */
export function formatMeasurement(m: Measurement, title: string): string {
  const lines = [
    `${title}: ${m.correct} of ${m.total} replies right (accuracy ${pct(m.accuracy)}); ` +
      `return dates ${m.returnDates.right} of ${m.returnDates.labelled}`,
    "",
    "| intent | replies | precision | recall |",
    "|---|---:|---:|---:|",
    ...m.perIntent.map((f) => `| ${f.intent} | ${f.support} | ${pct(f.precision)} | ${pct(f.recall)} |`),
    "",
    `| language | replies | accuracy | ${INTENTS.map((i) => `${i} P/R`).join(" | ")} |`,
    `|---|---:|---:|${INTENTS.map(() => "---:").join("|")}|`,
    ...m.perLanguage.map(
      (l) =>
        `| ${l.lang} | ${l.total} | ${pct(l.accuracy)} | ${l.perIntent
          .map((f) => `${pct(f.precision)}/${pct(f.recall)}`)
          .join(" | ")} |`,
    ),
  ];
  return lines.join("\n");
}
