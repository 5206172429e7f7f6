// intervalJob's stop: it aborts the running tick's signal and waits for the tick to end, so a long
// tick that listens (a reply model's training) ends early; the abort's rejection is not logged.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppDeps } from "../api/context.ts";
import { intervalJob } from "./interval-job.ts";

const deps = { now: () => new Date("2026-11-29T00:00:00Z") } as unknown as AppDeps;

afterEach(() => vi.restoreAllMocks());

describe("intervalJob", () => {
  it("stop aborts the running tick's signal and waits for it; nothing is logged", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let seen: AbortSignal | null = null;
    let ended = false;
    let ready = () => {};
    const started = new Promise<void>((r) => {
      ready = r;
    });
    const stop = await intervalJob(
      "long",
      60_000,
      (_d, _now, signal) => {
        seen = signal;
        ready();
        return new Promise((_, reject) =>
          signal.addEventListener("abort", () => {
            ended = true;
            reject(new Error("stopped"));
          }),
        );
      },
      0,
    )(deps);
    await started;
    expect(seen!.aborted).toBe(false);
    await stop();
    expect(seen!.aborted).toBe(true);
    expect(ended).toBe(true);
    expect(errors).not.toHaveBeenCalled();
  });

  it("a tick's own failure is logged and the job goes on", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let ticks = 0;
    const stop = await intervalJob(
      "failing",
      5,
      async () => {
        ticks++;
        throw new Error("boom");
      },
      0,
    )(deps);
    await vi.waitFor(() => expect(ticks).toBeGreaterThanOrEqual(2));
    await stop();
    expect(errors).toHaveBeenCalledWith("[failing] boom");
  });
});
