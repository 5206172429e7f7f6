// Which delimiter a CSV uses, read from its header line (issue 71 item 5): Excel writes `;` in
// German, French and Dutch (their decimal mark is the comma), `,` elsewhere; a tab from "Unicode
// text". Nobody is asked: the delimiter the header line holds most of, outside quotes, wins; a
// comma when it holds none or a tie (a one-column file). Browser-safe (the workspace's enrolment
// list reads files with it too).

export const CSV_DELIMITERS = [",", ";", "\t"] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** How far the header line is read (a longer one is refused by the parser anyway). */
const HEADER_LIMIT = 1024 * 1024;

export function detectDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < HEADER_LIMIT; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === "\n" || c === "\r") break;
    else if (c === "," || c === ";" || c === "\t") counts[c]++;
  }
  let best: CsvDelimiter = ",";
  for (const d of CSV_DELIMITERS) if (counts[d] > counts[best]) best = d;
  return best;
}
