// issue 37 item 3: the impact sentences of a change to a campaign, from counts of live enrollments
// by the step each takes next.
import { describe, expect, it } from "vitest";
import { describeChangeImpact } from "./describe-change-impact.ts";

const s = (n: number, day: number, text = `step ${n}`) => ({
  step_number: n,
  delay_days: day,
  channel: "email",
  content_type: "follow_up",
  template_instructions: text,
  thread: "new",
  variants: null,
});
const current = { status: "active", on_exit: {}, send_window: null, steps: [s(1, 0), s(2, 3), s(3, 7)] };

describe("describeChangeImpact", () => {
  it("says nothing about steps sent back unchanged", () => {
    const r = describeChangeImpact(current, { steps: current.steps.map((x) => ({ ...x })) }, [
      { next_step: 2, count: 4 },
    ]);
    expect(r).toEqual({ live: 4, changes: [] });
  });

  it("counts a new first step for everyone who has not started", () => {
    const r = describeChangeImpact(current, { steps: [s(1, 0, "new opener"), s(2, 3), s(3, 7)] }, [
      { next_step: 1, count: 1 },
      { next_step: 3, count: 2 },
    ]);
    expect(r.changes).toEqual([
      {
        kind: "steps",
        affected: 1,
        sentence: "1 enrollment has not taken step 1 yet and will take the new step 1; 2 have passed it.",
      },
    ]);
  });

  it("adds a step at the end for those still in the sequence", () => {
    const r = describeChangeImpact(current, { steps: [...current.steps, s(4, 10)] }, [
      { next_step: 2, count: 3 },
    ]);
    expect(r.changes[0].sentence).toBe(
      "3 enrollments are at step 3 or earlier and will take the new step 4.",
    );
  });

  it("resumes a campaign with no live enrollment in plain words", () => {
    const r = describeChangeImpact({ ...current, status: "paused" }, { status: "active" }, []);
    expect(r.changes).toEqual([
      {
        kind: "status",
        affected: 0,
        sentence: "Resuming takes new enrollments again; no enrollment is live in it.",
      },
    ]);
  });
});
