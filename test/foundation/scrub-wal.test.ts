// scrubWal (issue 36 item 17) on a synthetic pg_wal: a recycled segment keeps its earlier pages,
// which name other positions; only the current segment's own pages stay.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { scrubWal } from "../../src/db/scrub-wal.ts";

const SEG = 16 * 1024 * 1024;
const PAGE = 8192;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "baton-scrub-wal-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A segment whose pages name the given positions (null: a zero page), each carrying `text`. */
function segment(name: string, pages: (bigint | null)[], text: string) {
  const b = Buffer.alloc(SEG);
  pages.forEach((addr, i) => {
    if (addr === null) return;
    b.writeUInt16LE(0xd118, i * PAGE);
    b.writeBigUInt64LE(addr, i * PAGE + 8);
    b.write(text, i * PAGE + 40);
  });
  fs.writeFileSync(path.join(dir, "pg_wal", name), b);
}

it("keeps the current segment's own pages, zeroes recycled ones, removes the other segments", () => {
  fs.mkdirSync(path.join(dir, "pg_wal", "archive_status"), { recursive: true });
  const cur = 7n * BigInt(SEG);
  segment("000000010000000000000006", [6n * BigInt(SEG)], "old person@example.org");
  // current: two pages written after the switch, then pages of the file's earlier life (segment 2)
  segment(
    "000000010000000000000007",
    [cur, cur + BigInt(PAGE), 2n * BigInt(SEG) + 2n * BigInt(PAGE), null],
    "person@example.org",
  );
  segment("000000010000000000000008", [3n * BigInt(SEG)], "recycled person@example.org");
  const r = scrubWal(dir, "000000010000000000000007");
  expect(r).toEqual({ removed_segments: 2, zeroed_pages: 1 });
  expect(fs.readdirSync(path.join(dir, "pg_wal")).sort()).toEqual([
    "000000010000000000000007",
    "archive_status",
  ]);
  const kept = fs.readFileSync(path.join(dir, "pg_wal", "000000010000000000000007"));
  let hits = 0;
  for (let i = kept.indexOf("person@"); i >= 0; i = kept.indexOf("person@", i + 1)) hits++;
  expect(hits).toBe(2); // the two own pages
  expect(kept.subarray(2 * PAGE, 3 * PAGE).every((x) => x === 0)).toBe(true);
});
