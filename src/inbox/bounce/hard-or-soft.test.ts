// Hard, soft or the sender's fault from the reason and the status together (issue 56 item 5).
import { describe, expect, it } from "vitest";
import { BOUNCE_REASONS, type BounceReason, bounceClassOf } from "./hard-or-soft.ts";
import { isOwnAddress } from "./own-addresses.ts";

const reasons = Object.keys(BOUNCE_REASONS) as BounceReason[];

describe("bounceClassOf", () => {
  it("a sender's fault stays the sender's under any status; nothing is hard under a 4.x.x or a delay", () => {
    for (const reason of reasons)
      for (const status of ["5.0.0", "4.0.0", null]) {
        const permanent = bounceClassOf(reason, { status, action: "failed", text: "account disabled" });
        const delayed = bounceClassOf(reason, { status, action: "delayed", text: "account disabled" });
        if (BOUNCE_REASONS[reason] === "sender")
          expect({ reason, permanent }).toEqual({ reason, permanent: "sender" });
        expect({ reason, delayed }).not.toEqual({ reason, delayed: "hard" });
        if (status === "4.0.0") expect({ reason, permanent }).not.toEqual({ reason, permanent: "hard" });
      }
  });

  it("a permanent unknown user, host or domain is hard; a disabled account hard, a paused one soft", () => {
    expect(bounceClassOf("userunknown", { status: "5.1.1" })).toBe("hard");
    expect(bounceClassOf("hostunknown", { status: null, action: "failed" })).toBe("hard");
    expect(bounceClassOf("userunknown", { status: "4.1.1" })).toBe("soft");
    expect(
      bounceClassOf("suspend", { status: "5.2.1", text: "The account you tried to reach is disabled" }),
    ).toBe("hard");
    expect(
      bounceClassOf("suspend", { status: "5.2.1", text: "This account has been disabled or discontinued" }),
    ).toBe("hard");
    expect(bounceClassOf("suspend", { status: "5.2.1", text: "Account temporarily disabled" })).toBe("soft");
    expect(bounceClassOf("suspend", { status: "5.2.1", text: "The account is inactive" })).toBe("soft");
    expect(bounceClassOf("mailboxfull", { status: "5.2.2", text: "Mailbox full" })).toBe("soft");
  });
});

describe("isOwnAddress", () => {
  it("knows our addresses and their VERP forms, case-insensitively", () => {
    const own = new Set(["rep@acme.test"]);
    expect(isOwnAddress("Rep@Acme.test", own)).toBe(true);
    expect(isOwnAddress("rep+s1-abc@acme.test", own)).toBe(true);
    expect(isOwnAddress("dana@example.org", own)).toBe(false);
    expect(isOwnAddress(null, own)).toBe(false);
  });
});
