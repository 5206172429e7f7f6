// What signals say in words, for the timeline, the Signals view and a proposal's reason (issue 69
// item 3: "visited pricing twice this week"): each type's label, lower-cased, with how often it
// happened in the window, the most frequent first (ties in the order given: the hottest first).

const TIMES = ["", "", " twice", " three times"];

/** "visited the pricing page twice this week; asked for a demo" */
export function signalWords(
  counts: ReadonlyMap<string, number>,
  labelOf: (type: string) => string | null,
  window = "this week",
): string {
  const parts = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => {
      const label = labelOf(type) ?? type.replaceAll("_", " ");
      const phrase = label.charAt(0).toLowerCase() + label.slice(1);
      return `${phrase}${TIMES[n] ?? ` ${n} times`}`;
    });
  return parts.length ? `${parts.join("; ")} ${window}` : "";
}
