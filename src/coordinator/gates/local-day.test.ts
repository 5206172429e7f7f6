import { describe, expect, it } from "vitest";
import { isValidTimeZone, localDate, startOfNextLocalDay } from "./local-day.ts";

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
});
