// A small RFC 4180 reader: comma-separated fields, records ended by CRLF or LF (a lone CR too),
// fields in double quotes may hold commas, quotes (doubled: "") and line breaks; a UTF-8 BOM is
// dropped; a trailing line break does not make an empty record; blank lines are skipped.
// Leniency (documented in docs/prospect-data.md): a quote inside an unquoted field is kept as
// text. Refused: an unclosed quote, and text after a closing quote.
// parseCsvSliced parses in slices that give the event loop a turn (issue 36 item 14).
import { BatonError } from "../errors/baton-error.ts";
import { runSteps, runStepsSliced, type Steps } from "./slice-work.ts";

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

export interface ParsedCsv {
  header: string[];
  /** Data records; each is as long as the record was (not padded to the header). */
  rows: string[][];
  /** The 1-based line on which each data record starts (for the per-row report). */
  lines: number[];
  /** The index in the text (a BOM counted) at which each data record starts. */
  offsets: number[];
}

export function parseCsv(text: string): ParsedCsv {
  return runSteps(parseCsvSteps(text));
}

/** parseCsv in slices that give the event loop a turn between them. */
export function parseCsvSliced(text: string): Promise<ParsedCsv> {
  return runStepsSliced(parseCsvSteps(text));
}

function* parseCsvSteps(text: string): Steps<ParsedCsv> {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const src = bom ? text.slice(1) : text;
  const records: string[][] = [];
  const starts: number[] = [];
  const offsets: number[] = [];
  let record: string[] = [];
  let line = 1;
  let recordLine = 1;
  let recordStart = 0;
  let i = 0;
  const n = src.length;
  let fieldStartedRecord = false;
  let fields = 0;
  while (i <= n) {
    if ((++fields & 1023) === 0) yield;
    // at the start of a field
    if (i === n) {
      if (fieldStartedRecord) {
        record.push("");
        pushRecord();
      }
      break;
    }
    let c = src.charCodeAt(i);
    if (c === QUOTE) {
      const startLine = line;
      i++;
      let value = "";
      let from = i;
      for (;;) {
        const q = src.indexOf('"', i);
        if (q < 0) {
          throw new BatonError("IMPORT_CSV_INVALID", {
            problem: "a quoted field is never closed",
            line: startLine,
          });
        }
        line += countNewlines(src, i, q);
        if (src.charCodeAt(q + 1) === QUOTE) {
          value += src.slice(from, q + 1);
          i = q + 2;
          from = i;
          continue;
        }
        value += src.slice(from, q);
        i = q + 1;
        break;
      }
      record.push(value);
      c = i < n ? src.charCodeAt(i) : -1;
      if (c === COMMA) {
        i++;
        fieldStartedRecord = true;
        continue;
      }
      if (c === CR || c === LF || c === -1) {
        i = endOfLine(i, c);
        pushRecord();
        continue;
      }
      throw new BatonError("IMPORT_CSV_INVALID", { problem: "text after a closing quote", line });
    }
    // an unquoted field: up to the next comma or line break
    let j = i;
    while (j < n) {
      const d = src.charCodeAt(j);
      if (d === COMMA || d === CR || d === LF) break;
      j++;
    }
    record.push(src.slice(i, j));
    if (j < n && src.charCodeAt(j) === COMMA) {
      i = j + 1;
      fieldStartedRecord = true;
      continue;
    }
    i = endOfLine(j, j < n ? src.charCodeAt(j) : -1);
    pushRecord();
  }
  const [header = [], ...rows] = records;
  const [, ...lines] = starts;
  return { header: header.map((h) => h.trim()), rows, lines, offsets: offsets.slice(1) };

  function endOfLine(at: number, c: number): number {
    if (c === -1) return n;
    line++;
    if (c === CR && src.charCodeAt(at + 1) === LF) return at + 2;
    return at + 1;
  }
  function pushRecord() {
    // a blank line is no record
    if (!(record.length === 1 && record[0] === "")) {
      records.push(record);
      starts.push(recordLine);
      offsets.push(recordStart + bom);
    }
    record = [];
    fieldStartedRecord = false;
    recordLine = line;
    recordStart = i;
  }
}

function countNewlines(s: string, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) k++;
  }
  return k;
}

/**
 * Quotes a field when it needs it: parseCsv's inverse, for writing import files in tests. Exports
 * people open in a spreadsheet use csvCell (write-csv.ts), which also neutralises formulas.
 */
export { quoteCsvField as csvField } from "./write-csv.ts";
