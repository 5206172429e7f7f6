import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addBusinessDays, businessDaysBetween, isBusinessDay, isoWeek } from "./business-days.ts";

const at = (s: string) => new Date(s);
const instant = fc.date({
  min: at("2000-01-01T00:00:00Z"),
  max: at("2100-01-01T00:00:00Z"),
  noInvalidDate: true,
});

describe("business days", () => {
  it("skips weekends", () => {
    // 2026-11-20 is a Friday
    expect(addBusinessDays(at("2026-11-20T10:00:00Z"), 1)).toEqual(at("2026-11-23T10:00:00Z"));
    expect(addBusinessDays(at("2026-11-20T10:00:00Z"), 3)).toEqual(at("2026-11-25T10:00:00Z"));
    expect(addBusinessDays(at("2026-11-21T09:00:00Z"), 1)).toEqual(at("2026-11-23T09:00:00Z")); // Saturday
    expect(addBusinessDays(at("2026-11-16T00:00:00Z"), 5)).toEqual(at("2026-11-23T00:00:00Z"));
    expect(addBusinessDays(at("2026-11-18T12:00:00Z"), 0)).toEqual(at("2026-11-18T12:00:00Z"));
    expect(() => addBusinessDays(at("2026-11-18T12:00:00Z"), -1)).toThrow(RangeError);
  });

  it("counts business days between dates", () => {
    expect(businessDaysBetween(at("2026-11-20T23:00:00Z"), at("2026-11-23T01:00:00Z"))).toBe(1);
    expect(businessDaysBetween(at("2026-11-23T01:00:00Z"), at("2026-11-20T23:00:00Z"))).toBe(0);
    expect(businessDaysBetween(at("2026-11-16T00:00:00Z"), at("2026-11-30T00:00:00Z"))).toBe(10);
  });

  it("addBusinessDays lands on a business day, n business days later, never earlier", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const end = addBusinessDays(start, n);
        return (
          isBusinessDay(end) &&
          businessDaysBetween(start, end) === n &&
          end > start &&
          // at most n weeks' worth of weekends plus a leading weekend
          end.getTime() - start.getTime() <= (Math.ceil(n / 5) * 7 + 2) * 86_400_000
        );
      }),
    );
  });

  it("is monotonic and additive", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (s, a, b) => {
        const ab = addBusinessDays(s, a + b);
        return (
          addBusinessDays(s, a) <= ab &&
          (a === 0 || b === 0 || ab.getTime() === addBusinessDays(addBusinessDays(s, a), b).getTime())
        );
      }),
    );
  });

  it("labels ISO weeks", () => {
    expect(isoWeek(at("2026-11-20T10:00:00Z"))).toBe("2026-W47");
    expect(isoWeek(at("2027-01-01T00:00:00Z"))).toBe("2026-W53");
    expect(isoWeek(at("2024-12-30T00:00:00Z"))).toBe("2025-W01");
  });
});
