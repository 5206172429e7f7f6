// issue 12 "A property test of send windows over 10 time zones across DST changes and holidays: no
// send outside the window in the contact's local time, and no day skipped that was not a holiday
// or an excluded weekday". The oracle reads local time with its own Intl formatter and the
// holidays straight from date-holidays, and scans every minute between `now` and the release.
import Holidays from "date-holidays";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  jitterOffsetMs,
  type SendWindow,
  sendWindowRelease,
  WEEKDAYS,
} from "../../src/scheduling/send-window.ts";

const ZONES: [string, string][] = [
  ["America/New_York", "US"],
  ["Europe/London", "GB"],
  ["Europe/Berlin", "DE"],
  ["Australia/Sydney", "AU"],
  ["America/Sao_Paulo", "BR"],
  ["Asia/Kolkata", "IN"],
  ["Asia/Tokyo", "JP"],
  ["Pacific/Auckland", "NZ"],
  ["America/Los_Angeles", "US"],
  ["Africa/Johannesburg", "ZA"],
];

// DST changes (UTC instants) around which `now` is drawn; São Paulo's last ones were 2018/2019
// (its clocks jumped at local midnight).
const DST_CHANGES = [
  "2026-03-08T07:00:00Z", // New York spring forward
  "2026-11-01T06:00:00Z", // New York fall back
  "2026-03-08T10:00:00Z", // Los Angeles
  "2026-11-01T09:00:00Z",
  "2026-03-29T01:00:00Z", // London, Berlin
  "2026-10-25T01:00:00Z",
  "2026-04-04T16:00:00Z", // Sydney back
  "2026-10-03T16:00:00Z", // Sydney forward
  "2026-04-04T14:00:00Z", // Auckland back
  "2026-09-26T14:00:00Z", // Auckland forward
  "2018-11-04T03:00:00Z", // São Paulo forward (00:00 -> 01:00)
  "2019-02-17T02:00:00Z", // São Paulo back
  "2026-12-24T12:00:00Z", // Christmas, not DST: holidays in most countries
  "2026-12-31T12:00:00Z", // New Year
].map((s) => Date.parse(s));

const oracleFormatters = new Map<string, Intl.DateTimeFormat>();
/** Local date, weekday and ms since local midnight, read independently of the module under test. */
function local(t: number, tz: string) {
  // the zone's offset from UTC as its clock reads it, once per UTC hour: read at the hour's first and
  // last second, equal when no clock change falls inside it (the oracle's scan of every minute up to
  // a release formatted each minute: 20 of the file's 25 CPU-seconds); else each instant is read
  const hour = t - (((t % 3_600_000) + 3_600_000) % 3_600_000);
  const key = `${tz} ${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const first = offsetAt(hour, tz);
    offset = first === offsetAt(hour + 3_599_000, tz) ? first : null;
    hourOffsets.set(key, offset);
  }
  if (offset === null) return read(t, tz);
  const wall = new Date(Math.floor(t / 1000) * 1000 + offset);
  const date = wall.toISOString().slice(0, 10);
  const ms = wall.getUTCHours() * 3_600_000 + wall.getUTCMinutes() * 60_000 + wall.getUTCSeconds() * 1000;
  return { date, weekday: wall.getUTCDay(), ms };
}
const hourOffsets = new Map<string, number | null>();

/** The local clock minus UTC at `t` (a whole second), by the formatter. */
function offsetAt(t: number, tz: string): number {
  const l = read(t, tz);
  const [y, m, d] = l.date.split("-").map(Number);
  return Date.UTC(y!, m! - 1, d!) + l.ms - t;
}

/** Local date, weekday and ms since local midnight, by Intl's formatter for the zone. */
function read(t: number, tz: string) {
  let f = oracleFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    oracleFormatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month.padStart(2, "0")}-${p.day.padStart(2, "0")}`;
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
  const ms = ((Number(p.hour) * 60 + Number(p.minute)) * 60 + Number(p.second)) * 1000;
  return { date, weekday, ms };
}

const holidayCache = new Map<string, Set<string>>();
function holiday(country: string, date: string): boolean {
  const key = `${country}${date.slice(0, 4)}`;
  let s = holidayCache.get(key);
  if (!s) {
    s = new Set(
      new Holidays(country)
        .getHolidays(Number(date.slice(0, 4)))
        .filter((h) => h.type === "public")
        .map((h) => h.date.slice(0, 10)),
    );
    holidayCache.set(key, s);
  }
  return s.has(date);
}

const clock = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

const windowArb = fc
  .record({
    days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
    start: fc.integer({ min: 0, max: 23 * 60 + 59 - 15 }),
    length: fc.integer({ min: 15, max: 600 }),
    skip: fc.boolean(),
    spread: fc.option(fc.integer({ min: 0, max: 240 }), { nil: undefined }),
  })
  .map(({ days, start, length, skip, spread }) => {
    const end = Math.min(start + length, 23 * 60 + 59);
    const w: SendWindow = { days, start: clock(start), end: clock(end), skip_holidays: skip };
    if (spread !== undefined) w.spread_minutes = spread;
    return { w, start, end };
  });

const nowArb = fc.oneof(
  fc
    .tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -4 * 86_400, max: 4 * 86_400 }))
    .map(([t, s]) => t + s * 1000),
  fc
    .integer({
      min: Date.parse("2024-01-01T00:00:00Z") / 1000,
      max: Date.parse("2027-12-31T00:00:00Z") / 1000,
    })
    .map((s) => s * 1000),
);

describe("send windows (property, 10 time zones, DST and holidays)", () => {
  for (const [tz, country] of ZONES) {
    it(`${tz}: the release is inside the window, and no open minute before it was skipped`, () => {
      fc.assert(
        fc.property(
          windowArb,
          nowArb,
          fc.string({ minLength: 1, maxLength: 12 }),
          ({ w, start, end }, now, seed) => {
            const offset = jitterOffsetMs(w, seed);
            const open = (t: number) => {
              const l = local(t, tz);
              if (!w.days.includes(WEEKDAYS[l.weekday])) return false;
              if (w.skip_holidays !== false && holiday(country, l.date)) return false;
              return l.ms >= start * 60_000 + offset && l.ms < end * 60_000;
            };
            const input = { timeZone: tz, country, window: w, seed };
            const r = sendWindowRelease({ ...input, now: new Date(now) });
            const at = r ? r.getTime() : now;
            // never before now, and never outside the window in the contact's local time
            expect(at).toBeGreaterThanOrEqual(now);
            expect(open(at)).toBe(true);
            // at the release it may go (the engine's schedule and the coordinator's hold agree)
            expect(sendWindowRelease({ ...input, now: new Date(at) })).toBeNull();
            // no earlier open minute: no day skipped that was not a holiday or an excluded weekday
            for (let t = now; t < at; t += 60_000)
              if (open(t)) expect.fail(`open at ${new Date(t).toISOString()}`);
            // and just before the release it was closed (it is the first open instant)
            if (r) expect(open(at - 1000)).toBe(false);
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it("the oracle's hourly offsets read every instant as the formatter does, across each clock change", () => {
    for (const [tz] of ZONES)
      for (const change of DST_CHANGES)
        for (let t = change - 3_600_000; t <= change + 3_600_000; t += 61_000)
          expect(local(t, tz)).toEqual(read(t, tz));
  });

  it("São Paulo's repeated hour counts as the clock reads it (fall back on 17 Feb 2019)", () => {
    // At 02:00Z the clock went from 00:00 back to 23:00 on Saturday 16 Feb: a Saturday window
    // ending at 23:01 ended at 01:01Z and is open again from 02:00Z to 02:01Z.
    const w: SendWindow = {
      days: ["sat"],
      start: "13:01",
      end: "23:01",
      skip_holidays: false,
      spread_minutes: 0,
    };
    const at = (now: string) =>
      sendWindowRelease({
        timeZone: "America/Sao_Paulo",
        country: "BR",
        window: w,
        now: new Date(now),
        seed: "s",
      })?.toISOString() ?? null;
    expect(at("2019-02-17T01:00:30Z")).toBeNull(); // 23:00:30 (-02), inside
    expect(at("2019-02-17T01:30:00Z")).toBe("2019-02-17T02:00:00.000Z"); // 23:30 (-02): after the end, until the clock goes back
    expect(at("2019-02-17T02:00:00Z")).toBeNull(); // 23:00 (-03), inside again
    expect(at("2019-02-17T02:01:00Z")).toBe("2019-02-23T16:01:00.000Z"); // next Saturday 13:01 (-03)
  });

  it("a window opening on the Sunday of a fall back is not taken over by the hour that repeats later", () => {
    // Los Angeles, 1 Nov 2026: from Saturday 23:59:59 PDT the next opening is Sunday 00:12:48 PDT
    // (this seed's jitter), not the repeated 01:00 PST at 09:00Z.
    const w: SendWindow = { days: ["sun", "sat"], start: "00:00", end: "01:01", skip_holidays: false };
    const r = sendWindowRelease({
      timeZone: "America/Los_Angeles",
      country: "US",
      window: w,
      now: new Date("2026-11-01T06:59:59Z"),
      seed: " ",
    });
    expect(r?.toISOString()).toBe("2026-11-01T07:12:48.000Z");
  });

  it("Tue-Thu 09:00-11:30 in New York skips Thanksgiving and keeps local hours across DST", () => {
    const w: SendWindow = { days: ["tue", "wed", "thu"], start: "09:00", end: "11:30", spread_minutes: 0 };
    const at = (now: string) =>
      sendWindowRelease({
        timeZone: "America/New_York",
        country: "US",
        window: w,
        now: new Date(now),
        seed: "s",
      });
    // Thursday 26 Nov 2026 is Thanksgiving: next is Tuesday 1 Dec, 09:00 EST = 14:00Z
    expect(at("2026-11-26T13:00:00Z")?.toISOString()).toBe("2026-12-01T14:00:00.000Z");
    // Sunday 8 Mar 2026 (spring forward): Tuesday 10 Mar 09:00 EDT = 13:00Z
    expect(at("2026-03-08T12:00:00Z")?.toISOString()).toBe("2026-03-10T13:00:00.000Z");
    // inside the window: now
    expect(at("2026-03-10T14:00:00Z")).toBeNull();
    // a contact with no zone takes the window's default
    const berlin = sendWindowRelease({
      timeZone: null,
      country: null,
      window: { ...w, time_zone: "Europe/Berlin" },
      now: new Date("2026-03-10T07:00:00Z"),
      seed: "s",
    });
    expect(berlin?.toISOString()).toBe("2026-03-10T08:00:00.000Z");
  });

  it("jitter spreads a thousand steps due at 09:00 over the window, the same for every retry", () => {
    const w: SendWindow = { days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "11:30" };
    const now = new Date("2026-03-10T13:00:00Z"); // 09:00 EDT
    const times = Array.from({ length: 1000 }, (_, i) =>
      (
        sendWindowRelease({ timeZone: "America/New_York", country: "US", window: w, now, seed: `e${i}:1` }) ??
        now
      ).getTime(),
    );
    const again = Array.from({ length: 1000 }, (_, i) =>
      (
        sendWindowRelease({ timeZone: "America/New_York", country: "US", window: w, now, seed: `e${i}:1` }) ??
        now
      ).getTime(),
    );
    expect(again).toEqual(times);
    const distinct = new Set(times).size;
    expect(distinct).toBeGreaterThan(900);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime());
    expect(Math.max(...times)).toBeLessThan(Date.parse("2026-03-10T15:30:00Z"));
    // spread over the whole window: some in each half hour
    for (let h = 0; h < 5; h++) {
      const lo = now.getTime() + h * 1_800_000;
      expect(times.filter((t) => t >= lo && t < lo + 1_800_000).length).toBeGreaterThan(100);
    }
  });
});
