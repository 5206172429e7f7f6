import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidTimeZone, localDate, startOfNextLocalDay } from "./local-day.ts";

// the date of an instant straight from Intl, without local-day.ts's per-minute cache
function referenceDate(t: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(t);
}

describe("local day", () => {
  it("reads the calendar date in the contact's zone", () => {
    const t = new Date("2026-03-02T03:00:00Z");
    expect(localDate(t, "UTC")).toBe("2026-03-02");
    expect(localDate(t, "America/New_York")).toBe("2026-03-01");
    expect(localDate(t, "Asia/Tokyo")).toBe("2026-03-02");
  });
  it("next local midnight, plain day", () => {
    expect(startOfNextLocalDay(new Date("2026-03-02T15:00:00Z"), "UTC").toISOString()).toBe(
      "2026-03-03T00:00:00.000Z",
    );
    expect(startOfNextLocalDay(new Date("2026-03-02T15:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-03-03T05:00:00.000Z",
    );
  });
  it("exactly at midnight the next day starts 24 h later", () => {
    expect(startOfNextLocalDay(new Date("2026-03-03T00:00:00Z"), "UTC").toISOString()).toBe(
      "2026-03-04T00:00:00.000Z",
    );
  });
  it("DST spring forward (23 h day) and fall back (25 h day) in New York", () => {
    // 2026-03-08 is 23 h long in New York: midnight EST (05:00Z) to midnight EDT (04:00Z next day)
    expect(startOfNextLocalDay(new Date("2026-03-08T12:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-03-09T04:00:00.000Z",
    );
    // 2026-11-01 is 25 h long: starts 04:00Z, next day starts 2026-11-02T05:00Z
    expect(startOfNextLocalDay(new Date("2026-11-01T04:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-11-02T05:00:00.000Z",
    );
  });
  it("a zone whose midnight does not exist on the DST day (America/Santiago) starts the day at 01:00", () => {
    // Chile springs forward at 24:00 on the first Saturday of September 2026 → 2026-09-06 starts 01:00 local
    const start = startOfNextLocalDay(new Date("2026-09-05T15:00:00Z"), "America/Santiago");
    expect(localDate(start, "America/Santiago")).toBe("2026-09-06");
    expect(localDate(new Date(start.getTime() - 1), "America/Santiago")).toBe("2026-09-05");
  });
  it("validates zone names", () => {
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
  it("the per-minute cache gives Intl's own answer, in zones with odd offsets and DST, cached or not", () => {
    const zones = [
      "UTC",
      "America/New_York",
      "America/Santiago",
      "America/St_Johns",
      "Asia/Kathmandu",
      "Australia/Lord_Howe",
      "Pacific/Chatham",
      "Europe/Dublin",
      "Africa/Casablanca",
    ];
    // instants from 1972 to 2100, bunched around whole minutes and DST changes by the generator's bias
    const instant = fc.integer({ min: Date.UTC(1972, 0, 1), max: Date.UTC(2100, 0, 1) });
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 59_999 }),
        (ms, zone, jitter) => {
          const minute = Math.floor(ms / 60_000) * 60_000;
          for (const t of [new Date(minute + jitter), new Date(minute), new Date(minute + jitter)]) {
            expect(localDate(t, zone)).toBe(referenceDate(t, zone));
            const next = startOfNextLocalDay(t, zone);
            expect(referenceDate(next, zone)).not.toBe(referenceDate(t, zone));
            expect(referenceDate(new Date(next.getTime() - 1), zone)).toBe(referenceDate(t, zone));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
