// The write-ahead log of a cleanly stopped PGlite data directory, cut to what a start needs (issue
// 36 item 17). PostgreSQL recycles a WAL segment it no longer needs by renaming it to a future name,
// and its old pages (full-page images of the rows an erasure rewrote, the rows as first inserted)
// stay in it until they are overwritten. After a switch to a new segment and a checkpoint, a start
// needs only the segment the checkpoint is in: every other segment is removed, and in that one
// every page whose header names another position (a recycled page from the file's earlier life) is
// zeroed. A page of the current segment that names its own position is WAL written after the
// switch; PostgreSQL zero-fills the rest of a page it writes. Run it only on a stopped directory.
import fs from "node:fs";
import path from "node:path";

const SEGMENT_NAME = /^[0-9A-F]{24}$/;
const XLOG_BLCKSZ = 8192;

export interface ScrubResult {
  removed_segments: number;
  zeroed_pages: number;
}

function segmentNumber(name: string, segmentSize: number): bigint {
  const log = BigInt(`0x${name.slice(8, 16)}`);
  const seg = BigInt(`0x${name.slice(16, 24)}`);
  return log * (0x1_0000_0000n / BigInt(segmentSize)) + seg;
}

/** Keeps `current` (and a later segment with pages of its own position), scrubbed; removes the rest. */
export function scrubWal(dataDir: string, current: string, segmentSize = 16 * 1024 * 1024): ScrubResult {
  const dir = path.join(dataDir, "pg_wal");
  const out: ScrubResult = { removed_segments: 0, zeroed_pages: 0 };
  for (const name of fs.readdirSync(dir).sort()) {
    if (!SEGMENT_NAME.test(name)) continue;
    const file = path.join(dir, name);
    if (name < current) {
      fs.rmSync(file);
      out.removed_segments++;
      continue;
    }
    const bytes = fs.readFileSync(file);
    const start = segmentNumber(name, segmentSize) * BigInt(segmentSize);
    let own = 0;
    let zeroed = 0;
    for (let off = 0; off + XLOG_BLCKSZ <= bytes.length; off += XLOG_BLCKSZ) {
      const page = bytes.subarray(off, off + XLOG_BLCKSZ);
      if (page.every((b) => b === 0)) continue;
      if (page.readBigUInt64LE(8) === start + BigInt(off)) {
        own++;
        continue;
      }
      page.fill(0);
      zeroed++;
    }
    if (name !== current && own === 0) {
      fs.rmSync(file);
      out.removed_segments++;
      continue;
    }
    if (zeroed > 0) {
      fs.writeFileSync(file, bytes);
      out.zeroed_pages += zeroed;
    }
  }
  return out;
}
