// When to try again after a delay (intent `later`, issue 56 item 3.2): "not now, try me in March"
// must keep March. Pure: takes the writer's words and when they were received, returns 00:00 UTC
// of the day to try again, or null when the reply names no time. In the seven languages:
//   - a day: whatever return-date.ts reads ("after March 15", "ab dem 3.4.", "le 2 mars");
//     "after"/"nach"/"après"/"después"/"na"/"dopo"/"depois" means the day after;
//   - a month after a preposition ("in March", "im März", "en mars", "a settembre", "em março";
//     never a bare "may"), "early/mid/end of" a month;
//   - a quarter: "Q3", "next quarter", "im nächsten Quartal", "le trimestre prochain", "3. Quartal";
//   - a year: "next year", "nächstes Jahr", "in 2027", "the new year";
//   - a span: "in two weeks", "in 3 Monaten", "dans deux semaines", "dentro de un mes", "over twee
//     weken", "tra due settimane", "daqui a duas semanas"; next week (Monday), next month (the 1st);
//   - seasons: "after the summer", "nach den Sommerferien", "à la rentrée", "después del verano",
//     "na de zomer", "dopo l'estate", "depois do verão" (1 September); autumn, spring.
// The latest time named wins: a delay is not shortened by a second, earlier mention.
import { extractReturnDate } from "./return-date.ts";

const MONTHS: [number, string][] = [
  [0, "january|januar|janner|janvier|enero|januari|gennaio|janeiro|jan"],
  [1, "february|februar|fevrier|febrero|februari|febbraio|fevereiro|feb"],
  [2, "march|marz|maerz|mars|marzo|maart|marco|mar"],
  [3, "april|avril|abril|aprile|apr"],
  [4, "may|mai|mayo|mei|maggio|maio"],
  [5, "june|juni|juin|junio|giugno|junho|jun"],
  [6, "july|juli|juillet|julio|luglio|julho|jul"],
  [7, "august|aout|agosto|augustus|aug"],
  [8, "september|septembre|septiembre|setiembre|settembre|setembro|sept|sep"],
  [9, "october|oktober|octobre|octubre|ottobre|outubro|oct|okt"],
  [10, "november|novembre|noviembre|novembro|nov"],
  [11, "december|dezember|decembre|diciembre|dicembre|dezembro|dec|dez"],
];
const MONTH_OF: Record<string, number> = {};
for (const [m, names] of MONTHS) for (const n of names.split("|")) MONTH_OF[n] = m;
const MONTH_RE = Object.keys(MONTH_OF)
  .sort((a, b) => b.length - a.length)
  .join("|");

// a month counts only after one of these: "may" alone is a verb, "mar" the sea
const MONTH_LEAD =
  "in|im|en|a|em|no|na|di|ad|by|until|till|til|after|from|around|before|early|late|mid|start of|end of|beginning of|" +
  "the end of|the start of|the beginning of|bis|ab|nach|anfang|mitte|ende|vor|fin|debut|mi|apres|a partir de|vers|des|" +
  "jusqu'en|hasta|despues de|desde|principios de|mediados de|finales de|finales|tot|na|vanaf|begin|half|eind|eind van|" +
  "fino a|dopo|da|inizio|meta|fine|ate|depois de|apos|a partir de|comeco de|inicio de|meados de|final de|" +
  "mes de|mese di"; // "mes de marzo", "il mese di"
const AFTER_WORDS =
  /\b(after|nach|apres|despues de|na|dopo|depois de|apos|once|not before|nicht vor|pas avant)\s*(?:the |dem |den |der |le |la |el |de |het |il |o |a )?$/;
const END_WORDS = /\b(end of|the end of|ende|fin|finales de|final de|finales|eind|eind van|fine|fim de)\s*$/;
const MID_WORDS = /\b(mid|middle of|mitte|mi|mediados de|half|meta|meados de)\s*-?\s*$/;

const QUARTER_ORDINALS: [number, RegExp][] = [
  [
    0,
    /\b(q1|1st quarter|first quarter|1\. quartal|ersten quartal|erstes quartal|premier trimestre|1er trimestre|t1|primer trimestre|1er trimestre|eerste kwartaal|primo trimestre|primeiro trimestre|1o trimestre)\b/g,
  ],
  [
    1,
    /\b(q2|2nd quarter|second quarter|2\. quartal|zweiten quartal|zweites quartal|deuxieme trimestre|second trimestre|2e trimestre|t2|segundo trimestre|tweede kwartaal|secondo trimestre|2o trimestre)\b/g,
  ],
  [
    2,
    /\b(q3|3rd quarter|third quarter|3\. quartal|dritten quartal|drittes quartal|troisieme trimestre|3e trimestre|t3|tercer trimestre|derde kwartaal|terzo trimestre|terceiro trimestre|3o trimestre)\b/g,
  ],
  [
    3,
    /\b(q4|4th quarter|fourth quarter|4\. quartal|vierten quartal|viertes quartal|quatrieme trimestre|4e trimestre|t4|cuarto trimestre|vierde kwartaal|quarto trimestre|4o trimestre)\b/g,
  ],
];
const SECOND_HALF =
  /\b(second half( of (the|this) year)?|h2|zweite[ns]? (halbjahr|jahreshalfte|halfte)|second semestre|deuxieme semestre|segundo semestre|tweede (helft|halfjaar)|secondo semestre)\b/;
const HALF_YEAR =
  /\b(in|over|within|dans|en|tra|fra|em|daqui a|d'ici) (een |einem |a |un |uno |um |six |sechs )?(half (a )?year|halben jahr|half jaar|demi-annee|six mois|medio ano|seis meses|sei mesi|meio ano|halbjahr)\b/;
const NEXT_QUARTER =
  /\b(next quarter|the coming quarter|nachste[nms]? quartal|kommende[nms]? quartal|(le )?trimestre prochain|prochain trimestre|(el )?proximo trimestre|(el )?trimestre que viene|volgend kwartaal|komend kwartaal|(il )?prossimo trimestre|trimestre prossimo|(o )?proximo trimestre)\b/;
const NEXT_YEAR =
  /\b(next year|the new year|new year|nachste[ns]? jahr(es)?|im neuen jahr|kommende[ns]? jahr|l'annee prochaine|l'an prochain|la nouvelle annee|(el )?ano que viene|(el )?proximo ano|(el )?ano proximo|volgend jaar|komend jaar|het nieuwe jaar|(l')?anno prossimo|(il )?prossimo anno|(il )?nuovo anno|(o )?ano que vem|(o )?proximo ano|(o )?ano novo)\b/;
const NEXT_MONTH =
  /\b(next month|nachste[nm]? monat|kommende[nm]? monat|le mois prochain|(el )?mes que viene|(el )?proximo mes|volgende maand|komende maand|(il )?mese prossimo|(il )?prossimo mese|(o )?mes que vem|(o )?proximo mes)\b/;
const NEXT_WEEK =
  /\b(next week|nachste woche|kommende woche|la semaine prochaine|(la )?semana que viene|(la )?proxima semana|volgende week|komende week|(la )?settimana prossima|(la )?prossima settimana|(a )?semana que vem|(a )?proxima semana)\b/;
const END_OF_YEAR =
  /\b((by|at|towards|around|until|after) (the )?end of (the |this )?year|(gegen|bis|zum|nach) (ende (des|dieses) jahres|jahresende)|fin (de l'|d')annee|fin de ano|finales de ano|eind van (het|dit) jaar|fine (dell')?anno|fim do ano|final do ano)\b/;
const AFTER_SUMMER =
  /\b(after (the )?summer( holidays| break| vacation)?|in (the )?(autumn|fall)|nach (dem sommer|den sommerferien|der sommerpause|den ferien)|im herbst|apres (l'ete|les vacances)|a la rentree|(a l'|en )automne|despues (del verano|de las vacaciones de verano)|en otono|na de (zomer|zomervakantie)|in het najaar|na het zomerreces|dopo (l'estate|le ferie|la pausa estiva)|in autunno|a settembre|depois (do verao|das ferias)|apos o verao|no outono)\b/;
const SPRING =
  /\b(in (the )?spring|im (fruhjahr|fruhling)|au printemps|en primavera|in het voorjaar|in de lente|in primavera|na primavera)\b/;
const AFTER_HOLIDAYS =
  /\b(after (christmas|the holidays|new year'?s?)|nach (weihnachten|den feiertagen|neujahr)|apres (noel|les fetes)|despues de (navidad|las fiestas)|na (kerst|de feestdagen)|dopo (natale|le feste)|depois do natal|apos as festas)\b/;

const NUMBER_WORDS: Record<string, number> = {};
for (const [n, words] of [
  [1, "a|an|one|ein|eine|einem|einer|un|une|uno|una|een|um|uma"],
  [2, "two|couple|a couple of|zwei|deux|dos|twee|due|dois|duas|paar|un paio|paio|un par"],
  [
    3,
    "three|few|a few|drei|trois|tres|drie|tre|tres|quelques|unas|algunas|algunos|einigen|pochi|poche|alguns|algumas",
  ],
  [4, "four|vier|quatre|cuatro|quattro|quatro"],
  [5, "five|funf|cinq|cinco|vijf|cinque"],
  [6, "six|sechs|seis|zes|sei"],
] as const) {
  for (const w of words.split("|")) NUMBER_WORDS[w] = n;
}
const NUMBER_RE = `\\d{1,2}|${Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|")}`;
const SPAN = new RegExp(
  `\\b(?:in|within|im|in ca\\.?|dans|d'ici|en|dentro de|over|binnen|tra|fra|entro|em|daqui a|dentro de)\\s+(?:about |around |etwa |ungefahr |environ |unos |unas |ongeveer |circa |cerca de |uns |umas )?(${NUMBER_RE})\\s*(?:of |di |de )?(weeks?|wochen?|semaines?|semanas?|weken|week|settimane|settimana|months?|monaten?|monats?|mois|meses|mes|maanden|maand|mesi|mese|days?|tagen?|jours?|dias?|dagen|giorni|giorno)\\b`,
  "g",
);

const DAY = 86_400_000;

function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m, d));
}

/** Lower case, accents dropped, as the rules read. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, " ");
}

/** The next 1st of `month` (this year when still ahead, else next year). */
function nextMonthStart(month: number, received: Date, day = 1): Date {
  const y = received.getUTCFullYear();
  const thisYear = utc(y, month, day);
  return month > received.getUTCMonth() || (month === received.getUTCMonth() && day > received.getUTCDate())
    ? thisYear
    : utc(y + 1, month, day);
}

export function extractLaterDate(text: string, receivedAt: Date): Date | null {
  const t = normalise(text);
  const y = receivedAt.getUTCFullYear();
  const m = receivedAt.getUTCMonth();
  const today = utc(y, m, receivedAt.getUTCDate());
  const found: Date[] = [];

  // a day named: return-date.ts reads it; "after the 15th" is the 16th
  const day = extractReturnDate(text, receivedAt);
  // "after the 15th", "nach dem 15.", "après le 15", "después del 15", "na de 15e", "dopo il 15"
  const nth =
    /\b(?:after|nach|apres|despues de|despues del|na|dopo|depois d[eo]|apos o|from|ab|a partir du|a partir del|vanaf|dal)\s+(?:the |dem |le |el |de |il |o |dia )?(\d{1,2})(?:st|nd|rd|th|er|e|o|\.)?(?![\d./:-])(?! ?(?:uhr|h|uur|u|am|pm|hrs?|ore|horas?|heures?)\b)/.exec(
      t,
    );
  const nthAfter = nth !== null && /^(after|nach|apres|despues|na|dopo|depois|apos)/.test(nth[0]);
  if (day && day.getTime() > today.getTime()) {
    const after = /\b(after|nach|apres|despues|dopo|depois|apos|na)\b[^.!?]{0,25}(\d|the \d)/.test(t);
    // "no decision before our committee of 05.01.2027; contact me from the 6th": the later day of
    // that month
    const d = nth ? Number(nth[1]) : 0;
    const later = d > day.getUTCDate() && d <= 31 ? utc(day.getUTCFullYear(), day.getUTCMonth(), d) : null;
    if (later && later.getUTCMonth() === day.getUTCMonth()) {
      found.push(nthAfter ? new Date(later.getTime() + DAY) : later);
    } else found.push(after ? new Date(day.getTime() + DAY) : day);
  } else {
    if (nth) {
      const d = Number(nth[1]);
      if (d >= 1 && d <= 31) {
        let at = utc(y, m, d);
        if (at.getTime() <= today.getTime()) at = utc(y, m + 1, d);
        found.push(nthAfter ? new Date(at.getTime() + DAY) : at);
      }
    }
  }

  // a month after a preposition
  for (const mm of t.matchAll(
    new RegExp(
      `\\b(${MONTH_LEAD})[\\s-]+(?:de |del |di |van |the month of )?(${MONTH_RE})\\b(?!\\s*\\d)`,
      "g",
    ),
  )) {
    const lead = mm[1] as string;
    const month = MONTH_OF[mm[2] as string] as number;
    // "until after our fiscal year closes in June": the month after
    const clause =
      t
        .slice(Math.max(0, (mm.index ?? 0) - 40), mm.index ?? 0)
        .split(/[.!?;]/)
        .pop() ?? "";
    const own = `${lead} `;
    const plain =
      !END_WORDS.test(own) &&
      !MID_WORDS.test(own) &&
      !/^(early|beginning|start|anfang|debut|principios|inicio|begin|comeco)/.test(lead);
    const before =
      plain && /\b(after|nach|apres|despues|dopo|depois|apos|na afloop)\b/.test(clause) ? "after " : own;
    if (AFTER_WORDS.test(before)) found.push(nextMonthStart((month + 1) % 12, receivedAt));
    else if (END_WORDS.test(before)) found.push(nextMonthStart((month + 1) % 12, receivedAt));
    else if (MID_WORDS.test(before)) found.push(nextMonthStart(month, receivedAt, 15));
    else found.push(nextMonthStart(month, receivedAt));
  }

  // quarters
  // every mention: "frozen during the first quarter; let's talk after the first quarter" is April
  for (const [q, re] of QUARTER_ORDINALS) {
    for (const hit of t.matchAll(re)) {
      // "after our Q2 planning": the quarter after
      const clause =
        t
          .slice(Math.max(0, hit.index - 40), hit.index)
          .split(/[.!?;]/)
          .pop() ?? "";
      const startMonth = (/\b(after|nach|apres|despues|dopo|depois|apos|na)\b/.test(clause) ? q + 1 : q) * 3;
      const thisYear = utc(y, startMonth, 1);
      found.push(thisYear.getTime() > today.getTime() ? thisYear : utc(y + 1, startMonth, 1));
    }
  }
  // half-years: "second half", "H2", "zweites Halbjahr", "second semestre", "segundo semestre"
  if (SECOND_HALF.test(t)) found.push(m < 6 ? utc(y, 6, 1) : utc(y + 1, 6, 1));
  if (NEXT_QUARTER.test(t)) found.push(utc(y, (Math.floor(m / 3) + 1) * 3, 1));
  // years
  if (NEXT_YEAR.test(t) || AFTER_HOLIDAYS.test(t)) found.push(utc(y + 1, 0, AFTER_HOLIDAYS.test(t) ? 5 : 1));
  for (const yy of t.matchAll(
    /\b(?:in|until|till|im jahr|bis|ab|en|hasta|tot|vanaf|nel|fino al|ate|em|from|after|nach|apres)\s+(20\d\d)\b(?![-./]\d)/g,
  )) {
    const year = Number(yy[1]);
    if (year > y) found.push(utc(/\b(after|nach|apres)\b/.test(yy[0]) ? year + 1 : year, 0, 1));
  }
  if (END_OF_YEAR.test(t)) found.push(utc(y, 11, 1));
  if (AFTER_SUMMER.test(t)) found.push(nextMonthStart(8, receivedAt));
  if (SPRING.test(t)) found.push(nextMonthStart(2, receivedAt));
  if (NEXT_MONTH.test(t)) found.push(utc(y, m + 1, 1));
  if (NEXT_WEEK.test(t)) found.push(new Date(today.getTime() + ((1 - today.getUTCDay() + 7) % 7 || 7) * DAY));
  // half a year: "in six months", "over een half jaar", "in einem halben Jahr"
  if (HALF_YEAR.test(t)) found.push(utc(y, m + 6, receivedAt.getUTCDate()));
  // spans
  for (const s of t.matchAll(SPAN)) {
    const raw = s[1] as string;
    const n = /^\d+$/.test(raw) ? Number(raw) : (NUMBER_WORDS[raw] ?? 0);
    const unit = s[2] as string;
    if (n <= 0) continue;
    if (/^(week|woche|semaine|semana|weken|settiman)/.test(unit))
      found.push(new Date(today.getTime() + n * 7 * DAY));
    else if (/^(month|monat|mois|mes|maand|mesi|mese)/.test(unit))
      found.push(utc(y, m + n, receivedAt.getUTCDate()));
    // "dans 15 jours", "dans huit jours": the French fortnight and week, counted from today
    else
      found.push(
        new Date(today.getTime() + (/^jours?$/.test(unit) && (n === 15 || n === 8) ? n - 1 : n) * DAY),
      );
  }

  const future = found.filter((d) => d.getTime() > today.getTime());
  if (future.length === 0) return null;
  return future.reduce((a, b) => (b.getTime() > a.getTime() ? b : a));
}
