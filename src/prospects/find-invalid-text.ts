// Bytes that are not UTF-8 (issue 36 item 14): a decoder replaces each with U+FFFD, so an import
// that stored its text as it came stored U+FFFD silently where a name or an address was. Whatever
// decoded the file (the server's JSON body parser, the CLI's file read, a browser's file.text()),
// a U+FFFD in the text is that mark; the row that holds one is refused with the byte offset (in the
// CSV text as UTF-8; the file's own offset up to its first broken sequence) so it can be fixed.
import { BatonError } from "../errors/baton-error.ts";
import type { ParsedCsv } from "./parse-csv.ts";
import { slicer } from "./slice-work.ts";

export const REPLACEMENT_CHAR = "\uFFFD";

/** The greatest index i with sorted[i] <= x, or -1. */
function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The data rows (0-based index) whose text holds U+FFFD, each with the byte offset of its first.
 * One in the header row refuses the whole file (IMPORT_CSV_INVALID): its columns cannot be trusted.
 */
export async function findInvalidText(text: string, parsed: ParsedCsv): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  let at = text.indexOf(REPLACEMENT_CHAR);
  if (at < 0) return out;
  let bytes = 0;
  let chars = 0;
  const byteOffset = (index: number) => {
    bytes += Buffer.byteLength(text.slice(chars, index));
    chars = index;
    return bytes;
  };
  if (at < (parsed.offsets[0] ?? text.length)) {
    throw new BatonError("IMPORT_CSV_INVALID", {
      problem: `the header row holds bytes that are not UTF-8 (U+FFFD at byte ${byteOffset(at)}); save the file as UTF-8`,
      line: 1,
    });
  }
  const slice = slicer();
  while (at >= 0) {
    const row = lastAtOrBefore(parsed.offsets, at);
    out.set(row, byteOffset(at));
    at = text.indexOf(REPLACEMENT_CHAR, parsed.offsets[row + 1] ?? text.length);
    await slice();
  }
  return out;
}
