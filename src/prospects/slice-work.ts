// Long CPU work in slices (issue 36 item 14): a large import parses and plans hundreds of thousands
// of rows, which held the event loop for seconds (/healthz took 16.8 s during a 50 MB import). The
// work is written once as a generator that yields now and then; runSteps drives it to the end at
// once (tests, small inputs), runStepsSliced gives the event loop a turn whenever a slice of
// SLICE_MS is used up, so other requests are served between slices.
import { performance } from "node:perf_hooks";

/** Work that yields (no value) between small steps and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** How long one slice may hold the event loop (ms). */
export const SLICE_MS = 10;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the steps to their end without yielding to the event loop. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs the steps, giving the event loop a turn after each slice of sliceMs. */
export async function runStepsSliced<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start >= sliceMs) {
      await turn();
      start = performance.now();
    }
  }
}

/** For an async loop: `await slice()` gives the event loop a turn once a slice is used up. */
export function slicer(sliceMs = SLICE_MS): () => Promise<void> | undefined {
  let start = performance.now();
  return () => {
    if (performance.now() - start < sliceMs) return undefined;
    return turn().then(() => {
      start = performance.now();
    });
  };
}
