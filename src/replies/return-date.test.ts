import { describe, expect, it } from "vitest";
import { extractReturnDate } from "./return-date.ts";

// Wednesday 2026-02-25
const received = new Date("2026-02-25T15:30:00Z");
const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe("extractReturnDate", () => {
  it.each([
    ["I'll be back on March 3.", "2026-03-03"],
    ["I am out of the office, returning 2026-12-01.", "2026-12-01"],
    ["Out of office until Monday.", "2026-03-02"],
    ["I'm away until Monday, March 2nd with limited access to email.", "2026-03-02"],
    ["Back on the 3rd of March", "2026-03-03"],
    ["On leave from 20 February until 14 April 2026.", "2026-04-14"],
    ["I'm on vacation through Friday.", "2026-02-28"],
    ["Out through March 6, back the following Monday", "2026-03-07"],
    ["Returning Jan 5", "2027-01-05"],
    ["I will return on Sept. 14, 2026.", "2026-09-14"],
    ["Back in the office tomorrow.", "2026-02-26"],
    ["I'm travelling and back next week.", "2026-03-02"],
    ["Back Wednesday", "2026-03-04"],
  ])("%s → %s", (text, expected) => {
    expect(extractReturnDate(text, received)).toEqual(d(expected));
  });

  it("returns null when no date is given", () => {
    expect(
      extractReturnDate("I am currently out of the office with limited access to email.", received),
    ).toBeNull();
  });

  it("rejects impossible dates", () => {
    expect(extractReturnDate("back on February 30", received)).toBeNull();
    expect(extractReturnDate("returning 2026-13-40", received)).toBeNull();
  });
});
