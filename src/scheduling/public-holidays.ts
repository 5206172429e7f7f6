// Public holidays of a country (date-holidays; type 'public' only: no bank holidays, observances
// or school holidays, no regional ones). Pure data: the same country and year give the same dates.
import Holidays from "date-holidays";

const byCountryYear = new Map<string, Set<string>>();
let countries: Set<string> | null = null;

/** Countries date-holidays knows (ISO 3166-1 alpha-2). Others have no holidays here. */
export function knownHolidayCountries(): Set<string> {
  countries ??= new Set(Object.keys(new Holidays().getCountries()));
  return countries;
}

/** The local dates (YYYY-MM-DD) of the country's public holidays in a year. */
export function publicHolidays(country: string, year: number): Set<string> {
  const key = `${country}:${year}`;
  let set = byCountryYear.get(key);
  if (!set) {
    set = new Set();
    if (knownHolidayCountries().has(country)) {
      const hd = new Holidays(country);
      for (const h of hd.getHolidays(year) || []) if (h.type === "public") set.add(h.date.slice(0, 10));
    }
    byCountryYear.set(key, set);
  }
  return set;
}

/** True when the local date (YYYY-MM-DD) is a public holiday of the country. */
export function isPublicHoliday(country: string | null | undefined, date: string): boolean {
  if (!country) return false;
  return publicHolidays(country, Number(date.slice(0, 4))).has(date);
}
