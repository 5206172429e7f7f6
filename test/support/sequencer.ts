// The order vitest hands test files to its 2 workers: vitest's own (the files that failed last, then
// the longest last time, from the results kept in .cache/vite; the largest first when there are none),
// with the files that run one at a time (test/support/exclusive.ts) spread out: the first of them
// starts the run, and each next one comes a tenth of the files later, so that the other worker is
// running ordinary files, not waiting for the lock, while the one before it runs.
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { EXCLUSIVE } from "./exclusive-files.ts";

export class BatonSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const name = (s: TestSpecification) =>
      path.relative(this.ctx.config.root, s.moduleId).split(path.sep).join("/");
    const exclusive = EXCLUSIVE.flatMap((f) => sorted.filter((s) => name(s) === f));
    const rest = sorted.filter((s) => !exclusive.includes(s));
    const gap = Math.max(1, Math.floor(sorted.length / 10));
    for (const [i, s] of exclusive.entries()) rest.splice(Math.min(rest.length, i * gap), 0, s);
    return rest;
  }
}
