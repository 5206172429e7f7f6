import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dealStageFor } from "./record-touch.ts";
import { addDays, dayIndex } from "./schedule.ts";
import { autoApproves, draftContext, requiresPersonalSend } from "./stage-draft.ts";

describe("day offsets (spec 002: next_send_at = enrolled_at + delay_days)", () => {
  it("addDays then dayIndex gives the offset back, and offsets keep their order", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2020-01-01"), max: new Date("2035-01-01"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (start, a, b) => {
          expect(dayIndex(start, addDays(start, a))).toBe(a);
          expect(addDays(start, a) <= addDays(start, b)).toBe(a <= b);
        },
      ),
    );
  });
});

describe("approval policy and the close step", () => {
  it("sales never auto-sends; other kinds only when the campaign says so", () => {
    expect(autoApproves({ kind: "sales", approval_policy: "auto_send" })).toBe(false);
    expect(autoApproves({ kind: "nurture", approval_policy: "auto_send" })).toBe(true);
    expect(autoApproves({ kind: "nurture", approval_policy: "require_approval" })).toBe(false);
    expect(requiresPersonalSend("close")).toBe(true);
    expect(requiresPersonalSend("exit")).toBe(false);
  });

  it("writes the spec's context with requires_justin_send as the alias", () => {
    const ctx = draftContext({
      contact: { contact_id: "c1", full_name: "Dana", title: null, email: "d@x", linkedin_url: null },
      account: { name: "Acme", vertical: null, segment: null, icp_tier: "T2" },
      campaign: { slug: "b2bea_membership_close", name: "x", kind: "sales", type: "membership" },
      step: {
        step_number: 7,
        delay_days: 35,
        channel: "email",
        content_type: "close",
        template_instructions: "x",
      },
      enrollment: { goal: "pipeline", notes: null },
      senderName: "Justin",
    });
    expect(ctx).toMatchObject({
      contact_id: "c1",
      contact_name: "Dana",
      company: "Acme",
      campaign_slug: "b2bea_membership_close",
      step_number: 7,
      content_type: "close",
      goal: "pipeline",
      requires_justin_send: true,
    });
  });

  it("moves the deal at the first touch and at the close step", () => {
    expect(dealStageFor("follow_up", 1)).toBe("engaged");
    expect(dealStageFor("close", 7)).toBe("proposal");
    expect(dealStageFor("proof", 2)).toBeNull();
  });
});
