// `baton simulate` progress on a terminal (issue 13 part 4): terminalProgress rewrites one line in
// place with \r (simulated day, date, steps and sends so far) and ends it with a newline on the
// last day only.
import { describe, expect, it } from "vitest";
import { terminalProgress } from "../../src/simulation/simulate-days.ts";

describe("terminalProgress", () => {
  it("rewrites the line with \\r each day and ends with a newline on the last day", () => {
    const out: string[] = [];
    const progress = terminalProgress((s) => out.push(s));
    const start = Date.UTC(2026, 0, 30);
    const day = 86_400_000;
    progress({ day: 1, days: 3, steps: 12, sends: 3, simulatedAt: new Date(start) });
    progress({ day: 2, days: 3, steps: 4_321, sends: 1_234, simulatedAt: new Date(start + day) });
    progress({ day: 3, days: 3, steps: 1_234_567, sends: 98_765, simulatedAt: new Date(start + 2 * day) });
    expect(out).toEqual([
      "\rsimulated day 1/3 (2026-01-30): 12 steps, 3 sends",
      "\rsimulated day 2/3 (2026-01-31): 4,321 steps, 1,234 sends",
      "\rsimulated day 3/3 (2026-02-01): 1,234,567 steps, 98,765 sends\n",
    ]);
    // only the last write ends the line; every write starts by returning to column 0
    expect(out.every((s) => s.startsWith("\r"))).toBe(true);
    expect(out.filter((s) => s.includes("\n"))).toHaveLength(1);
  });

  it("a one-day run writes a single finished line", () => {
    const out: string[] = [];
    terminalProgress((s) => out.push(s))({
      day: 1,
      days: 1,
      steps: 0,
      sends: 0,
      simulatedAt: new Date("2026-03-01T12:00:00Z"),
    });
    expect(out).toEqual(["\rsimulated day 1/1 (2026-03-01): 0 steps, 0 sends\n"]);
  });
});
