import fc from "fast-check";
import { expect, it } from "vitest";
import { parseQuarter, quarterOf } from "./quarter.ts";

it("parses quarters into half-open UTC ranges", () => {
  expect(parseQuarter("2026-Q4")).toEqual({
    label: "2026-Q4",
    start: new Date("2026-10-01T00:00:00Z"),
    end: new Date("2027-01-01T00:00:00Z"),
  });
  expect(parseQuarter("2026-Q1").end).toEqual(new Date("2026-04-01T00:00:00Z"));
  for (const bad of ["2026-Q5", "2026Q4", "26-Q1", "2026-q4", ""]) {
    expect(() => parseQuarter(bad)).toThrow(expect.objectContaining({ code: "COHORT_QUARTER_INVALID" }));
  }
});

it("every instant lies in its own quarter", () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date("2000-01-01Z"), max: new Date("2099-12-31Z"), noInvalidDate: true }),
      (d) => {
        const q = parseQuarter(quarterOf(d));
        return q.start <= d && d < q.end;
      },
    ),
  );
});
