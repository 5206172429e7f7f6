// The stall flag's business days skip a country's public holidays when given one (the same source
// as send windows), and are unchanged without one.
import { describe, expect, it } from "vitest";
import { addBusinessDays, isBusinessDay } from "../../src/flags/business-days.ts";

describe("business days with public holidays", () => {
  it("skips Thanksgiving in the US, not without a country", () => {
    const wed = new Date("2026-11-25T10:00:00Z");
    expect(isBusinessDay(new Date("2026-11-26T10:00:00Z"), "US")).toBe(false);
    expect(addBusinessDays(wed, 1, "US").toISOString()).toBe("2026-11-27T10:00:00.000Z");
    expect(addBusinessDays(wed, 1).toISOString()).toBe("2026-11-26T10:00:00.000Z");
    // Germany: 25 and 26 December 2026 (Friday, Saturday)
    expect(addBusinessDays(new Date("2026-12-24T10:00:00Z"), 1, "DE").toISOString()).toBe(
      "2026-12-28T10:00:00.000Z",
    );
  });
});
