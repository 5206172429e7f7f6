// Issue 71 item 5: the hand-written date readers (src/replies/return-date.ts, later-date.ts) and
// language detection (detect-language.ts) against the maintained libraries, chrono-node and
// franc-min, on the held-out replies (measure-holdout.ts). Each reader gets what the rule classifier
// gives the hand-written one (readReply: the writer's own words, stripReply, within the read
// limits). As in measure-holdout.ts, only aggregate counts leave this module: no reply's text, id
// or mistake.
import * as chrono from "chrono-node";
import { franc } from "franc-min";
import { detectLanguage, type Language } from "../../src/replies/detect-language.ts";
import { extractLaterDate } from "../../src/replies/later-date.ts";
import { REPLY_OWN_LIMIT, REPLY_READ_LIMIT } from "../../src/replies/read-limits.ts";
import { extractReturnDate } from "../../src/replies/return-date.ts";
import { stripReply } from "../../src/replies/strip-reply.ts";
import { HOLDOUT_LANGUAGES, type HoldoutReply } from "./measure-holdout.ts";

/** What the rule classifier hands the date readers (rule-classifier.ts readReply). */
export const ownWords = (text: string) =>
  stripReply(text.slice(0, REPLY_READ_LIMIT)).slice(0, REPLY_OWN_LIMIT);

const CHRONO: Record<Language, chrono.Chrono> = {
  en: chrono.casual,
  de: chrono.de.casual,
  fr: chrono.fr.casual,
  es: chrono.es.casual,
  nl: chrono.nl.casual,
  it: chrono.it.casual,
  pt: chrono.pt.casual,
};

/**
 * chrono-node's reading, given the reply's language (its best case: production would have to
 * detect the language first): the latest day the reply names (a range's end), at or after the day
 * it came; a time alone ("at 3 pm") names no day.
 */
export function chronoDate(text: string, receivedAt: Date, lang: Language): Date | null {
  const results = CHRONO[lang].parse(text, { instant: receivedAt, timezone: 0 }, { forwardDate: true });
  let latest: Date | null = null;
  for (const r of results) {
    const c = r.end ?? r.start;
    if (!(c.isCertain("day") || c.isCertain("weekday") || c.isCertain("month"))) continue;
    const day = new Date(Date.UTC(c.get("year") ?? 0, (c.get("month") ?? 1) - 1, c.get("day") ?? 1));
    if (latest === null || day > latest) latest = day;
  }
  return latest;
}

export interface DateFigures {
  /** replies labelled out_of_office or later */
  cases: number;
  /** the day read is the labelled one (no day when the label has none) */
  right: number;
  /** a day read, but not the labelled one (a wrong pause, or a day where the label has none) */
  wrong: number;
  /** no day read where the label has one */
  missed: number;
}

type DateReader = (own: string, receivedAt: Date, lang: Language) => Date | null;

/** The hand-written readers as the classifier uses them: the return day, or the day to try again. */
export const handWrittenDate =
  (intent: "out_of_office" | "later"): DateReader =>
  (own, at) =>
    intent === "out_of_office" ? extractReturnDate(own, at) : extractLaterDate(own, at);

const isoDay = (d: Date | null) => (d === null ? null : d.toISOString().slice(0, 10));

function emptyDates(): DateFigures {
  return { cases: 0, right: 0, wrong: 0, missed: 0 };
}

/** Per language (and "all"): each reader's day against the label, on the dated intents. */
export function measureDates(
  replies: readonly HoldoutReply[],
  readers: Record<string, (intent: "out_of_office" | "later") => DateReader>,
): Record<string, Record<string, DateFigures>> {
  const out: Record<string, Record<string, DateFigures>> = {};
  for (const name of Object.keys(readers)) {
    out[name] = Object.fromEntries(["all", ...HOLDOUT_LANGUAGES].map((l) => [l, emptyDates()]));
  }
  for (const r of replies) {
    if (r.intent !== "out_of_office" && r.intent !== "later") continue;
    const own = ownWords(r.text);
    const at = new Date(r.received_at);
    for (const [name, reader] of Object.entries(readers)) {
      const got = isoDay(reader(r.intent)(own, at, r.lang));
      for (const f of [out[name][r.lang], out[name].all]) {
        f.cases++;
        if (got === r.date) f.right++;
        else if (got === null) f.missed++;
        else f.wrong++;
      }
    }
  }
  return out;
}

const ISO_639_3: Record<string, Language> = {
  eng: "en",
  deu: "de",
  fra: "fr",
  spa: "es",
  nld: "nl",
  ita: "it",
  por: "pt",
};

/** franc-min restricted to the seven languages, on the same words the hand-written one reads. */
export function francLanguage(text: string): Language | null {
  const own = stripReply(text.slice(0, REPLY_READ_LIMIT)).slice(0, 5_000);
  return ISO_639_3[franc(own, { only: Object.keys(ISO_639_3) })] ?? null;
}

export interface LanguageFigures {
  replies: number;
  right: number;
  /** another of the seven named: the agreement rate counts the reply under the wrong language */
  wrong: number;
  /** no language named (unsure) */
  none: number;
}

export function measureLanguages(
  replies: readonly HoldoutReply[],
  detectors: Record<string, (text: string) => Language | null> = {
    "hand-written": detectLanguage,
    "franc-min": francLanguage,
  },
): Record<string, Record<string, LanguageFigures>> {
  const out: Record<string, Record<string, LanguageFigures>> = {};
  for (const name of Object.keys(detectors)) {
    out[name] = Object.fromEntries(
      ["all", ...HOLDOUT_LANGUAGES].map((l) => [l, { replies: 0, right: 0, wrong: 0, none: 0 }]),
    );
  }
  for (const r of replies) {
    for (const [name, detect] of Object.entries(detectors)) {
      const got = detect(r.text);
      for (const f of [out[name][r.lang], out[name].all]) {
        f.replies++;
        if (got === r.lang) f.right++;
        else if (got === null) f.none++;
        else f.wrong++;
      }
    }
  }
  return out;
}

/** A table of counts per language, one block per reader: aggregate figures only. */
export function formatTable(title: string, m: Record<string, Record<string, object>>): string {
  const lines = [title];
  for (const [name, perLang] of Object.entries(m)) {
    const cells = Object.entries(perLang).map(
      ([lang, f]) =>
        `${lang} ${Object.values(f as Record<string, number>)
          .map(String)
          .join("/")}`,
    );
    const keys = Object.keys(Object.values(perLang)[0] ?? {}).join("/");
    lines.push(`  ${name.padEnd(22)} (${keys})  ${cells.join("  ")}`);
  }
  return lines.join("\n");
}
