// Out-of-office replies: when is the person back? (spec 002 process_reply: "out of office →
// pause, then resume after the return date"). Pure: takes the text and when it was received.
// Understands ISO dates (2026-12-01), month-name dates (March 3, 3rd of March, Mar 3 2027),
// weekdays ("until Monday"), "tomorrow" and "next week". Returns 00:00 UTC of the day they are
// back, or null when the reply does not say.

const MONTHS: Record<string, number> = {
  jan: 0,
  january: 0,
  feb: 1,
  february: 1,
  mar: 2,
  march: 2,
  apr: 3,
  april: 3,
  may: 4,
  jun: 5,
  june: 5,
  jul: 6,
  july: 6,
  aug: 7,
  august: 7,
  sep: 8,
  sept: 8,
  september: 8,
  oct: 9,
  october: 9,
  nov: 10,
  november: 10,
  dec: 11,
  december: 11,
};
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const DAY = 86_400_000;

function utcDate(y: number, m: number, d: number): Date | null {
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

interface Found {
  date: Date;
  index: number;
  /** "through March 3" means back the day after. */
  inclusive: boolean;
}

const MONTH_NAMES = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const ORD = "(\\d{1,2})(?:st|nd|rd|th)?";

export function extractReturnDate(text: string, receivedAt: Date): Date | null {
  const t = text.toLowerCase();
  const found: Found[] = [];
  const inclusiveBefore = (i: number) =>
    /\b(through|thru|including|incl\.?)\s*(?:\w+,?\s*)?$/.test(t.slice(Math.max(0, i - 25), i));
  const add = (date: Date | null, index: number, inclusive = inclusiveBefore(index)) => {
    if (date) found.push({ date, index, inclusive });
  };

  for (const m of t.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    add(utcDate(Number(m[1]), Number(m[2]) - 1, Number(m[3])), m.index ?? 0);
  }
  // March 3, March 3rd, Mar. 3, 2027
  for (const m of t.matchAll(new RegExp(`\\b(${MONTH_NAMES})\\.?\\s+${ORD}\\b(?:,?\\s+(\\d{4}))?`, "g"))) {
    const month = MONTHS[m[1] as string] as number;
    const day = Number(m[2]);
    add(m[3] ? utcDate(Number(m[3]), month, day) : withYear(month, day, receivedAt), m.index ?? 0);
  }
  // 3 March, 3rd of March 2027
  for (const m of t.matchAll(
    new RegExp(`\\b${ORD}\\s+(?:of\\s+)?(${MONTH_NAMES})\\b\\.?(?:,?\\s+(\\d{4}))?`, "g"),
  )) {
    const month = MONTHS[m[2] as string] as number;
    const day = Number(m[1]);
    add(m[3] ? utcDate(Number(m[3]), month, day) : withYear(month, day, receivedAt), m.index ?? 0);
  }
  if (found.length === 0) {
    // until Monday / back on Tuesday / returning Friday: the next such day after today
    const wd = new RegExp(
      `\\b(?:until|till|til|back|return|returning|returns|through|thru|on)\\s+(?:on\\s+|next\\s+)?(${WEEKDAYS.join("|")})\\b`,
      "g",
    );
    for (const m of t.matchAll(wd)) {
      const target = WEEKDAYS.indexOf(m[1] as string);
      const today = startOfDay(receivedAt);
      let ahead = (target - today.getUTCDay() + 7) % 7;
      if (ahead === 0) ahead = 7;
      add(new Date(today.getTime() + ahead * DAY), m.index ?? 0, /^(through|thru)\b/.test(m[0]));
    }
    const tomorrow = /\b(?:back|return(?:ing)?|in the office)\s+tomorrow\b/.exec(t);
    if (tomorrow) add(new Date(startOfDay(receivedAt).getTime() + DAY), tomorrow.index);
    const nextWeek = /\b(?:back|return(?:ing)?|until)\s+next\s+week\b/.exec(t);
    if (nextWeek) {
      const today = startOfDay(receivedAt);
      const ahead = (1 - today.getUTCDay() + 7) % 7 || 7;
      add(new Date(today.getTime() + ahead * DAY), nextWeek.index);
    }
  }
  if (found.length === 0) return null;
  // An absence is "from X until Y": the latest date mentioned is the return.
  const last = found.reduce((a, b) => (b.date.getTime() >= a.date.getTime() ? b : a));
  return last.inclusive ? new Date(last.date.getTime() + DAY) : last.date;
}
