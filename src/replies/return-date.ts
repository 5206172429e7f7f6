// Out-of-office replies: when is the person back? (spec 002 process_reply: "out of office →
// pause, then resume after the return date"). Pure: takes the text and when it was received.
// Understands, in English, German, French, Spanish, Dutch, Italian and Portuguese: ISO dates
// (2026-12-01), numeric dates (03.03.2026, 23.02., 16/03/2026, 13-03-2026: day first, unless only
// month first makes sense, as in 03/19/2026), month-name dates (March 3, 3rd of March, 3. März,
// 3 mars, 3 de marzo de 2027, 1er juin, 1º de junho), weekdays ("until Monday", "bis Freitag",
// "jusqu'à lundi", "hasta el lunes", "tot maandag", "fino a lunedì", "até segunda-feira"),
// "tomorrow" and "next week". "Through", "t/m", "tot en met", "einschließlich", "inclus" …
// mean back the day after. Returns 00:00 UTC of the day they are back, or null when the reply does
// not say.
import { REPLY_READ_LIMIT } from "./read-limits.ts";

const MONTH_NAMES_BY_NUMBER: string[][] = [
  ["jan", "january", "januar", "janner", "janvier", "enero", "januari", "gennaio", "janeiro", "jan."],
  ["feb", "february", "februar", "fevrier", "fevr", "fev", "febrero", "februari", "febbraio", "fevereiro"],
  ["mar", "march", "marz", "mars", "marzo", "maart", "mrt", "marco"],
  ["apr", "april", "avril", "abril", "aprile", "avr"],
  ["may", "mai", "mayo", "mei", "maggio", "maio"],
  ["jun", "june", "juni", "juin", "junio", "giugno", "junho"],
  ["jul", "july", "juli", "juillet", "julio", "luglio", "julho", "juil"],
  ["aug", "august", "aout", "agosto", "augustus"],
  ["sep", "sept", "september", "septembre", "septiembre", "setiembre", "settembre", "setembro"],
  ["oct", "october", "oktober", "octobre", "octubre", "ottobre", "outubro", "okt"],
  ["nov", "november", "novembre", "noviembre", "novembro"],
  ["dec", "december", "dezember", "decembre", "diciembre", "dicembre", "dezembro", "dez", "dic"],
];
const MONTHS: Record<string, number> = {};
MONTH_NAMES_BY_NUMBER.forEach((names, m) => {
  for (const n of names) MONTHS[n.replace(/\.$/, "")] = m;
});
// English month names may come first ("March 3"); in every language the day may come first
const ENGLISH_MONTHS = Object.keys(MONTHS).filter((n) =>
  /^(jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december)$/.test(
    n,
  ),
);
const byLength = (names: string[]) => [...names].sort((a, b) => b.length - a.length).join("|");
const MONTH_NAMES = byLength(Object.keys(MONTHS));
const ENGLISH_MONTH_NAMES = byLength(ENGLISH_MONTHS);

const WEEKDAYS: Record<string, number> = {};
[
  ["sunday", "sonntag", "dimanche", "domingo", "zondag", "domenica"],
  ["monday", "montag", "lundi", "lunes", "maandag", "lunedi", "segunda-feira", "segunda"],
  ["tuesday", "dienstag", "mardi", "martes", "dinsdag", "martedi", "terca-feira", "terca"],
  ["wednesday", "mittwoch", "mercredi", "miercoles", "woensdag", "mercoledi", "quarta-feira", "quarta"],
  ["thursday", "donnerstag", "jeudi", "jueves", "donderdag", "giovedi", "quinta-feira", "quinta"],
  ["friday", "freitag", "vendredi", "viernes", "vrijdag", "venerdi", "sexta-feira", "sexta"],
  ["saturday", "samstag", "samedi", "sabado", "zaterdag"],
].forEach((names, d) => {
  for (const n of names) WEEKDAYS[n] = d;
});
const WEEKDAY_NAMES = byLength(Object.keys(WEEKDAYS));
// words that say "until / back on / from" before a weekday, with an optional article
const BEFORE_WEEKDAY =
  "(?:tot en met|t/m|bis einschliesslich|until|till|til|back|return|returning|returns|through|thru|on|bis|ab|am|wieder|jusqu'a|jusqu'au|" +
  "retour|hasta|vuelta|regreso|volvere|regresare|tot|t/m|vanaf|op|fino a|fino al|rientro|rientrero|" +
  "ate|volto|retorno|de volta)";
const INCLUSIVE_BEFORE =
  /\b(through|thru|including|incl\.?|t\/m|tot en met|einschliesslich|einschl\.?|inklusive|inkl\.?)\s*(?:\w+,?\s*){0,2}$/;
const INCLUSIVE_AFTER =
  /^\s*(inclus|incluse|inclusive|inclusief|incluso|incluido|compreso|incluido|inclusivamente)\b/;
const TOMORROW = /\b(tomorrow|morgen|demain|manana|domani|amanha)\b/;
const BACK_WORDS =
  /\b(back|return|returning|office|ab|wieder|weer|terug|retour|vuelta|regreso|vuelvo|rientro|torno|volto|retorno)\b/;
const NEXT_WEEK =
  /\b(next week|nachste[rn]? woche|semaine prochaine|proxima semana|volgende week|prossima settimana)\b/;
const DAY = 86_400_000;

function utcDate(y: number, m: number, d: number): Date | null {
  if (m < 0 || m > 11) return null;
  const dt = new Date(Date.UTC(y, m, d));
  return dt.getUTCMonth() === m && dt.getUTCDate() === d ? dt : null;
}

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** A month/day without a year is the next such day (a date up to a week ago is kept as is). */
function withYear(m: number, d: number, received: Date): Date | null {
  const y = received.getUTCFullYear();
  const thisYear = utcDate(y, m, d);
  if (thisYear && thisYear.getTime() >= startOfDay(received).getTime() - 7 * DAY) return thisYear;
  return utcDate(y + 1, m, d);
}

function fullYear(y: string | undefined): number | undefined {
  if (!y) return undefined;
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

interface Found {
  date: Date;
  index: number;
  /** "through March 3" means back the day after. */
  inclusive: boolean;
}

/** Lower case, accents dropped, so "März", "août", "lunedì" read as "marz", "aout", "lunedi". */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u2018\u2019]/g, "'");
}

const ORD = "(\\d{1,2})(?:st|nd|rd|th|er|re|e|o|º|°|ª|\\.)?";

export function extractReturnDate(text: string, receivedAt: Date): Date | null {
  // an out-of-office names its date at the top: the first REPLY_READ_LIMIT characters of a stored
  // message are read (read-limits.ts; issue 73 item 4)
  const t = normalise(text.slice(0, REPLY_READ_LIMIT));
  const found: Found[] = [];
  const add = (date: Date | null, index: number, end: number, inclusive?: boolean) => {
    if (!date) return;
    const inc =
      inclusive ??
      (INCLUSIVE_BEFORE.test(t.slice(Math.max(0, index - 30), index)) || INCLUSIVE_AFTER.test(t.slice(end)));
    found.push({ date, index, inclusive: inc });
  };

  for (const m of t.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    const i = m.index ?? 0;
    add(utcDate(Number(m[1]), Number(m[2]) - 1, Number(m[3])), i, i + m[0].length);
  }
  // 03.03.2026, 23.02., 16/03/2026, 13-03-2026, 03/19/2026 (day first unless only month first fits)
  for (const m of t.matchAll(/(?<![\d.:/-])(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2})\b|(\.)(?!\d))/g)) {
    if (!m[4] && m[2] !== ".") continue;
    const a = Number(m[1]);
    const b = Number(m[3]);
    const [day, month] = b > 12 && a <= 12 ? [b, a] : [a, b];
    const y = fullYear(m[4]);
    const i = m.index ?? 0;
    add(y ? utcDate(y, month - 1, day) : withYear(month - 1, day, receivedAt), i, i + m[0].length);
  }
  // March 3, March 3rd, Mar. 3, 2027
  for (const m of t.matchAll(
    new RegExp(`\\b(${ENGLISH_MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, "g"),
  )) {
    const month = MONTHS[m[1] as string] as number;
    const day = Number(m[2]);
    const i = m.index ?? 0;
    add(m[3] ? utcDate(Number(m[3]), month, day) : withYear(month, day, receivedAt), i, i + m[0].length);
  }
  // 3 March, 3rd of March 2027, 3. März 2026, 1er juin, 3 de marzo de 2026, 1º de junho
  for (const m of t.matchAll(
    new RegExp(`\\b${ORD}\\s*(?:of\\s+|de\\s+)?(${MONTH_NAMES})\\b\\.?(?:,?\\s+(?:de\\s+)?(\\d{4}))?`, "g"),
  )) {
    const month = MONTHS[m[2] as string] as number;
    const day = Number(m[1]);
    const i = m.index ?? 0;
    add(m[3] ? utcDate(Number(m[3]), month, day) : withYear(month, day, receivedAt), i, i + m[0].length);
  }
  if (found.length === 0) {
    // until Monday / bis Freitag / jusqu'à lundi / hasta el lunes: the next such day after today
    const wd = new RegExp(
      `\\b${BEFORE_WEEKDAY}\\s+(?:on\\s+|next\\s+|el\\s+|le\\s+|la\\s+|na\\s+|a\\s+|o\\s+)?(${WEEKDAY_NAMES})\\b`,
      "g",
    );
    for (const m of t.matchAll(wd)) {
      const target = WEEKDAYS[m[1] as string] as number;
      const today = startOfDay(receivedAt);
      let ahead = (target - today.getUTCDay() + 7) % 7;
      if (ahead === 0) ahead = 7;
      const i = m.index ?? 0;
      add(
        new Date(today.getTime() + ahead * DAY),
        i,
        i + m[0].length,
        /^(through|thru|t\/m|tot en met|bis einschliesslich)\b/.test(m[0]),
      );
    }
    const tomorrow = TOMORROW.exec(t);
    if (tomorrow && BACK_WORDS.test(t.slice(Math.max(0, tomorrow.index - 25), tomorrow.index + 30))) {
      add(new Date(startOfDay(receivedAt).getTime() + DAY), tomorrow.index, tomorrow.index, false);
    }
    const nextWeek = NEXT_WEEK.exec(t);
    if (
      nextWeek &&
      /\b(back|return|until|ab|wieder|retour|vuelta|terug|weer|rientro|volta|de volta)\b/.test(t)
    ) {
      const today = startOfDay(receivedAt);
      const ahead = (1 - today.getUTCDay() + 7) % 7 || 7;
      add(new Date(today.getTime() + ahead * DAY), nextWeek.index, nextWeek.index, false);
    }
  }
  if (found.length === 0) return null;
  // An absence is "from X until Y": the latest date mentioned is the return.
  const last = found.reduce((a, b) => (b.date.getTime() >= a.date.getTime() ? b : a));
  return last.inclusive ? new Date(last.date.getTime() + DAY) : last.date;
}
