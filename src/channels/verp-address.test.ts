// VERP return paths (issue 35): a send's address verifies under its own tenant's key only.
import { describe, expect, it } from "vitest";
import { verpAddress, verpMessageId } from "./verp-address.ts";

const ID = "<0b6f7c1e-2a4d-4e8f-9c3b-5d6e7f8a9b0c@acme.example>";

describe("VERP return paths", () => {
  it("round-trips a send's Message-ID under the tenant's key, within the 64-character local part", () => {
    const a = verpAddress("s3cret", "tenant-a", ID)!;
    expect(a).toMatch(/^bounces\+[0-9a-f]{48}@acme\.example$/);
    expect(a.split("@")[0]!.length).toBeLessThanOrEqual(64);
    expect(verpMessageId("s3cret", "tenant-a", a)).toBe(ID);
    // mail systems may change the case of the local part
    expect(verpMessageId("s3cret", "tenant-a", a.toUpperCase())).toBe(ID);
  });

  it("another tenant's, another secret's, an edited or a foreign address proves nothing", () => {
    const a = verpAddress("s3cret", "tenant-a", ID)!;
    expect(verpMessageId("s3cret", "tenant-b", a)).toBeNull();
    expect(verpMessageId("other", "tenant-a", a)).toBeNull();
    const edited = a.replace(/^bounces\+(.)/, (_, c: string) => `bounces+${c === "0" ? "1" : "0"}`);
    expect(verpMessageId("s3cret", "tenant-a", edited)).toBeNull();
    expect(verpMessageId("s3cret", "tenant-a", "bounces@acme.example")).toBeNull();
    expect(verpAddress("s3cret", "tenant-a", "<CAF123@mail.gmail.com>")).toBeNull();
  });
});
