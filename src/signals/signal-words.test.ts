import { describe, expect, it } from "vitest";
import { signalWords } from "./signal-words.ts";

const labels: Record<string, string> = {
  pricing_page_visit: "Visited the pricing page",
  demo_request: "Asked for a demo",
};
const label = (t: string) => labels[t] ?? null;

describe("signalWords", () => {
  it("says how often each type happened, the most frequent first", () => {
    expect(signalWords(new Map([["pricing_page_visit", 2]]), label)).toBe(
      "visited the pricing page twice this week",
    );
    expect(
      signalWords(
        new Map([
          ["demo_request", 1],
          ["pricing_page_visit", 5],
        ]),
        label,
      ),
    ).toBe("visited the pricing page 5 times; asked for a demo this week");
    expect(signalWords(new Map([["g2_research", 3]]), label, "in 30 days")).toBe(
      "g2 research three times in 30 days",
    );
    expect(signalWords(new Map(), label)).toBe("");
  });
});
