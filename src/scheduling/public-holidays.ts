// Public holidays of a country (date-holidays; type 'public' only: no bank holidays, observances
// or school holidays, no regional ones). Pure data: the same country and year give the same dates.
import { createRequire } from "node:module";
import type HolidaysClass from "date-holidays";

// loaded on first use (its data costs ~0.2 s of every start); synchronous, so the send window stays pure
let Holidays: typeof HolidaysClass | undefined;
function holidaysModule(): typeof HolidaysClass {
  Holidays ??= createRequire(import.meta.url)("date-holidays") as typeof HolidaysClass;
  return Holidays;
}

const byCountryYear = new Map<string, Set<string>>();
let countries: Set<string> | null = null;

/** Countries date-holidays knows (ISO 3166-1 alpha-2). Others have no holidays here. */
export function knownHolidayCountries(): Set<string> {
  countries ??= new Set(Object.keys(new (holidaysModule())().getCountries()));
  return countries;
}

/** The local dates (YYYY-MM-DD) of the country's public holidays in a year. */
export function publicHolidays(country: string, year: number): Set<string> {
  const key = `${country}:${year}`;
  let set = byCountryYear.get(key);
  if (!set) {
    set = new Set();
    if (knownHolidayCountries().has(country)) {
      const hd = new (holidaysModule())(country);
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
