import { describe, expect, it } from "vitest";
import { linkedinTaskText, normalizeLinkedinUrl } from "./linkedin-task.ts";

describe("LinkedIn task helpers", () => {
  it.each([
    ["https://www.linkedin.com/in/DanaReyes/", "https://www.linkedin.com/in/danareyes"],
    ["linkedin.com/in/dana-reyes-123?utm_source=x", "https://www.linkedin.com/in/dana-reyes-123"],
    ["http://uk.linkedin.com/pub/dana-reyes", "https://www.linkedin.com/in/dana-reyes"],
    ["urn:li:person:AbC123", "urn:li:person:AbC123"],
    ["https://evil.example/in/dana", null],
    ["https://www.linkedin.com/company/northwind", null],
    ["", null],
    [null, null],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeLinkedinUrl(raw)).toBe(expected);
  });

  it("tells the rep where to go, what to send and that done records the touch", () => {
    const t = linkedinTaskText({
      contactName: "Dana Reyes",
      linkedinUrl: "linkedin.com/in/danareyes",
      campaignName: "B2BEA membership",
      stepNumber: 4,
      message: "Dana - loved your talk.",
    });
    expect(t.title).toBe("LinkedIn: message Dana Reyes (B2BEA membership, step 4)");
    expect(t.instructions).toContain("https://www.linkedin.com/in/danareyes");
    expect(t.instructions).toContain("records the touch");
    expect(t.message).toBe("Dana - loved your talk.");
    expect(
      linkedinTaskText({ ...t, contactName: "X", linkedinUrl: null, campaignName: "c", stepNumber: 1 })
        .instructions,
    ).toContain("no profile URL");
  });
});
