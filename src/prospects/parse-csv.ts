// Reading an import file (issue 15; issue 71 item 5: csv-parse instead of the hand-written reader).
// csv-parse reads RFC 4180 and what spreadsheets write beside it: Excel in de/fr/nl writes `;`
// between fields (the comma is their decimal mark), often with a BOM and CRLF. The delimiter is
// read from the header line (the most of `,` `;` tab outside quotes; a comma when none or a tie),
// not asked for. Records end with CRLF, LF or a lone CR, mixed; quoted fields may hold delimiters,
// doubled quotes and line breaks; a BOM is dropped; blank lines and a trailing line break make no
// record. Refused (IMPORT_CSV_INVALID, with the line the record starts on): an unclosed quote, text
// after a closing quote, a record over MAX_RECORD_BYTES. Leniency (docs/prospect-data.md): a quote
// inside an unquoted field is kept as text (the file is then read again with csv-parse's
// relax_quotes, which keeps text after a closing quote as text too).
// parseCsvSliced feeds the parser in chunks that give the event loop a turn (issue 36 item 14).
import { type Options, Parser } from "csv-parse";
import { BatonError } from "../errors/baton-error.ts";
import { type CsvDelimiter, detectDelimiter } from "./csv-delimiter.ts";
import { runSteps, runStepsSliced, type Steps } from "./slice-work.ts";

export interface ParsedCsv {
  header: string[];
  /** Data records; each is as long as the record was (not padded to the header). */
  rows: string[][];
  /** The 1-based line on which each data record starts (for the per-row report). */
  lines: number[];
  /** The index in the text (a BOM counted) at which each data record starts. */
  offsets: number[];
  /** The field delimiter read from the header line. */
  delimiter: CsvDelimiter;
}

/** One record may hold this many bytes (a contact's row is a few hundred): a huge field refuses the file. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** How much of the file the sliced parse feeds the parser before giving the event loop a turn. */
const CHUNK_BYTES = 32 * 1024;

const CR = 13;
const LF = 10;

function options(delimiter: CsvDelimiter, relaxQuotes: boolean): Options {
  return {
    delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    bom: true,
    relax_column_count: true,
    relax_quotes: relaxQuotes,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  };
}

export function parseCsv(text: string): ParsedCsv {
  return runSteps(parseCsvSteps(text));
}

/** parseCsv in slices that give the event loop a turn between them. */
export function parseCsvSliced(text: string): Promise<ParsedCsv> {
  return runStepsSliced(parseCsvSteps(text));
}

function* parseCsvSteps(text: string): Steps<ParsedCsv> {
  const bytes = Buffer.from(text, "utf8");
  const delimiter = detectDelimiter(text);
  let read: RecordReader;
  try {
    read = yield* readSteps(bytes, options(delimiter, false));
  } catch (e) {
    if (!(e instanceof StrayQuote)) throw e;
    read = yield* readSteps(bytes, options(delimiter, true));
  }
  const { lines, offsets } = yield* startsSteps(bytes, read.ends);
  const [header = [], ...rows] = read.records;
  return {
    header: header.map((h) => h.trim()),
    rows,
    lines: lines.slice(1, read.records.length),
    offsets: offsets.slice(1, read.records.length),
    delimiter,
  };
}

/** A quote inside an unquoted field ("5" screen"): kept as text, the file read again relaxed. */
class StrayQuote extends Error {}

/**
 * csv-parse's parser, fed by hand (its _transform and _flush, no stream around it), keeping each
 * record with the byte after it (parser.info.bytes when the record is pushed): where the next
 * record starts. Cheaper than on_record, which builds an info object a record (+60 % time).
 */
class RecordReader extends Parser {
  readonly records: string[][] = [];
  readonly ends: number[] = [];
  override push(record: unknown): boolean {
    if (record !== null) {
      this.records.push(record as string[]);
      this.ends.push(this.info.bytes);
    }
    return true;
  }
}

function* readSteps(bytes: Buffer, opts: Options): Steps<RecordReader> {
  const reader = new RecordReader(opts);
  let failed: unknown;
  const done = (err?: Error | null) => {
    if (err) failed = err;
  };
  for (let at = 0; at < bytes.length && failed === undefined; at += CHUNK_BYTES) {
    reader._transform(bytes.subarray(at, at + CHUNK_BYTES), "utf8", done); // bytes; the encoding is unused
    yield;
  }
  if (failed === undefined) reader._flush(done);
  if (failed !== undefined) throw refusal(failed, bytes, reader.ends);
  return reader;
}

/** csv-parse's error as Baton's, with the line the failing record starts on. */
function refusal(e: unknown, bytes: Buffer, ends: readonly number[]): unknown {
  const code = (e as { code?: string }).code;
  if (code === "INVALID_OPENING_QUOTE") return new StrayQuote();
  const line = runSteps(startsSteps(bytes, ends)).lines[ends.length];
  switch (code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new BatonError("IMPORT_CSV_INVALID", { problem: "a quoted field is never closed", line });
    case "CSV_INVALID_CLOSING_QUOTE":
      return new BatonError("IMPORT_CSV_INVALID", { problem: "text after a closing quote", line });
    case "CSV_MAX_RECORD_SIZE":
      return new BatonError("IMPORT_CSV_INVALID", {
        problem: `a record is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB`,
        line,
      });
    default:
      return e;
  }
}

/** Past the blank lines at `from`: where a record begins. */
function firstOfRecord(bytes: Buffer, from: number): number {
  let at = from;
  while (at < bytes.length && (bytes[at] === CR || bytes[at] === LF)) at++;
  return at;
}

/**
 * Line breaks (CRLF, LF or a lone CR) and UTF-16 code units in bytes [from, to) of UTF-8 (which
 * writes no other byte 10 or 13): a byte 10xxxxxx continues a character, a 4-byte one is two units.
 */
function measure(bytes: Buffer, from: number, to: number): { lines: number; chars: number } {
  let lines = 0;
  let chars = 0;
  for (let at = from; at < to; at++) {
    const c = bytes[at];
    if (c < 0x80) {
      chars++;
      if (c === LF || (c === CR && bytes[at + 1] !== LF)) lines++;
    } else if (c >= 0xf0) chars += 2;
    else if (c >= 0xc0) chars++;
  }
  return { lines, chars };
}

/**
 * Where each record begins, as a 1-based line and an index in the text, given where the one before
 * it ended (the first begins at 0, its BOM counted as the text counts it: one character).
 */
function* startsSteps(bytes: Buffer, ends: readonly number[]): Steps<{ lines: number[]; offsets: number[] }> {
  const lines: number[] = new Array(ends.length + 1);
  const offsets: number[] = new Array(ends.length + 1);
  let byte = 0;
  let char = 0;
  let line = 1;
  for (let k = 0; k <= ends.length; k++) {
    if ((k & 1023) === 1023) yield;
    const begin = k === 0 ? 0 : firstOfRecord(bytes, ends[k - 1]);
    const m = measure(bytes, byte, begin);
    line += m.lines;
    char += m.chars;
    byte = begin;
    lines[k] = line;
    offsets[k] = char;
  }
  return { lines, offsets };
}

export { CSV_DELIMITERS, type CsvDelimiter, detectDelimiter } from "./csv-delimiter.ts";
/**
 * Quotes a field when it needs it: parseCsv's inverse, for writing import files in tests. Exports
 * people open in a spreadsheet use csvCell (write-csv.ts), which also neutralises formulas.
 */
export { quoteCsvField as csvField } from "./write-csv.ts";
