// The order vitest hands test files to its 2 workers: the files that failed last time first, then
// the longest first, so that no long file starts last while the other worker has nothing left (a
// 25 s file that starts in the last minute holds the run for up to 25 s with one core idle). How long
// a file takes is what this machine's last run kept in .cache/vite, else what the checked-in
// test-durations.json says (CI runs a fresh clone, which has no cache: vitest alone then ordered by
// file size, and the pinned quarter, a small file of 25 s, ran last); a file neither knows (a new one)
// runs first, as vitest runs unknown files first. The files that run one at a time
// (test/support/exclusive.ts) are then spread out: the first of them starts the run, and each next
// one comes a tenth of the files later, so that the other worker is running ordinary files, not
// waiting for the lock, while the one before it runs. `npm run test:durations` writes the checked-in
// file from the last run's cache.
import fs from "node:fs";
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { EXCLUSIVE } from "./exclusive-files.ts";

const DURATIONS = path.join(import.meta.dirname, "test-durations.json");

/** Seconds each file took, by path from the root (forward slashes); empty when the file is missing. */
function checkedInDurations(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(DURATIONS, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

export class BatonSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const name = (s: TestSpecification) =>
      path.relative(this.ctx.config.root, s.moduleId).split(path.sep).join("/");
    const key = (s: TestSpecification) => `${s.project.name}:${name(s)}`;
    const checkedIn = checkedInDurations();
    const facts = new Map(
      files.map((s) => {
        const last = cache.getFileTestResults(key(s));
        const seconds = checkedIn[name(s)];
        return [
          s,
          {
            failed: last?.failed === true,
            ms: last?.duration ?? (seconds === undefined ? undefined : seconds * 1000),
            size: cache.getFileStats(key(s))?.size ?? 0,
          },
        ];
      }),
    );
    const sorted = [...files].sort((a, b) => {
      const fa = facts.get(a)!;
      const fb = facts.get(b)!;
      if (fa.failed !== fb.failed) return fa.failed ? -1 : 1;
      if (fa.ms === undefined || fb.ms === undefined) {
        if (fa.ms !== fb.ms) return fa.ms === undefined ? -1 : 1;
        return fb.size - fa.size;
      }
      return fb.ms - fa.ms;
    });
    const exclusive = EXCLUSIVE.flatMap((f) => sorted.filter((s) => name(s) === f));
    const rest = sorted.filter((s) => !exclusive.includes(s));
    const gap = Math.max(1, Math.floor(sorted.length / 10));
    for (const [i, s] of exclusive.entries()) rest.splice(Math.min(rest.length, i * gap), 0, s);
    return rest;
  }
}
