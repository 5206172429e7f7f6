import { describe, expect, it } from "vitest";
import { positiveExitReason, statusForExit } from "./exit-reasons.ts";
import { onExitProblems, policyProblems, type StepInput, stepProblems } from "./validate-definition.ts";

const step = (n: number, d: number, extra: Partial<StepInput> = {}): StepInput => ({
  step_number: n,
  delay_days: d,
  channel: "email",
  content_type: "follow_up",
  template_instructions: "write",
  ...extra,
});
const codes = (p: { code: string }[]) => p.map((x) => x.code);

describe("stepProblems", () => {
  it("accepts 1..n with non-decreasing days, in any order", () => {
    expect(stepProblems([step(2, 3), step(1, 0), step(3, 3)])).toEqual([]);
  });
  it("refuses a gap, a duplicate and no steps", () => {
    expect(codes(stepProblems([step(1, 0), step(3, 5)]))).toEqual(["CAMPAIGN_STEPS_INVALID"]);
    expect(codes(stepProblems([step(1, 0), step(1, 5)]))).toContain("CAMPAIGN_STEPS_INVALID");
    expect(codes(stepProblems([]))).toEqual(["CAMPAIGN_STEPS_INVALID"]);
  });
  it("refuses a negative or decreasing delay", () => {
    expect(codes(stepProblems([step(1, -1)]))).toEqual(["CAMPAIGN_STEP_DELAY_INVALID"]);
    expect(codes(stepProblems([step(1, 5), step(2, 3)]))).toEqual(["CAMPAIGN_STEP_DELAY_INVALID"]);
  });
  it("refuses an unknown channel or content type", () => {
    expect(codes(stepProblems([step(1, 0, { channel: "sms" })]))).toEqual(["CAMPAIGN_STEP_CHANNEL_UNKNOWN"]);
    expect(codes(stepProblems([step(1, 0, { content_type: "meme" })]))).toEqual([
      "CAMPAIGN_STEP_CONTENT_TYPE_UNKNOWN",
    ]);
  });
});

describe("onExitProblems and policy", () => {
  it("keys are exit reasons; targets are a slug, null or the exec gate", () => {
    expect(onExitProblems({ converted: "x", rejected: null, meeting: { gate: "exec" } })).toEqual([]);
    expect(codes(onExitProblems({ won: "x" }))).toEqual(["ON_EXIT_REASON_UNKNOWN"]);
    expect(codes(onExitProblems({ converted: 3 }))).toEqual(["ON_EXIT_TARGET_INVALID"]);
    expect(codes(onExitProblems({ converted: { gate: "ceo" } }))).toEqual(["ON_EXIT_TARGET_INVALID"]);
  });
  it("sales campaigns always require approval", () => {
    expect(codes(policyProblems("sales", "auto_send"))).toEqual(["SALES_CAMPAIGN_REQUIRES_APPROVAL"]);
    expect(policyProblems("nurture", "auto_send")).toEqual([]);
  });
});

describe("exit reasons", () => {
  it("map to the spec's statuses", () => {
    expect(statusForExit("converted")).toBe("converted");
    expect(statusForExit("rejected")).toBe("rejected");
    expect(statusForExit("no_engagement")).toBe("timed_out");
    expect(statusForExit("meeting")).toBe("exited");
  });
  it("a positive reply exits by the campaign's own on_exit keys", () => {
    expect(positiveExitReason("interested", { converted: "cs" })).toBe("converted");
    expect(positiveExitReason("interested", { meeting: { gate: "exec" } })).toBe("meeting");
    expect(positiveExitReason("meeting", { meeting: { gate: "exec" }, converted: null })).toBe("meeting");
    expect(positiveExitReason("meeting", { registered: null })).toBe("converted");
  });
});
