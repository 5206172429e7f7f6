// Business-day arithmetic for the stall flag (spec 001: "If no action in 3 business days, pass to
// AGT-303"). Business days are Monday to Friday by the UTC calendar. Public holidays are skipped
// when a country is given, from the same source as send windows (src/scheduling/public-holidays.ts,
// date-holidays); the stall flag passes none today, since a flag belongs to a tenant, which has
// no country in Baton yet. Pure functions of their arguments.
import { isPublicHoliday } from "../scheduling/index.ts";

const DAY_MS = 86_400_000;

export function isBusinessDay(d: Date, country?: string | null): boolean {
  const wd = d.getUTCDay();
  if (wd === 0 || wd === 6) return false;
  return !isPublicHoliday(country, d.toISOString().slice(0, 10));
}

/**
 * The instant n business days after start, at the same time of day: step one calendar day at a
 * time and count the business days landed on. Friday 10:00 + 1 = Monday 10:00; Saturday + 1 =
 * Monday. n = 0 returns start.
 */
export function addBusinessDays(start: Date, n: number, country?: string | null): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  let t = start.getTime();
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isBusinessDay(new Date(t), country)) left--;
  }
  return new Date(t);
}

/** Business days d with date(a) < d <= date(b) (UTC calendar dates); 0 when b is not after a. */
export function businessDaysBetween(a: Date, b: Date): number {
  const dayA = Math.floor(a.getTime() / DAY_MS);
  const dayB = Math.floor(b.getTime() / DAY_MS);
  let count = 0;
  for (let d = dayA + 1; d <= dayB; d++) if (isBusinessDay(new Date(d * DAY_MS))) count++;
  return count;
}

/** ISO-8601 week label (e.g. 2026-W47) of an instant, by the UTC calendar. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const wd = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - wd); // the Thursday of this week decides the year
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
