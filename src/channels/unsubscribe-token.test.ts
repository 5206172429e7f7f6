import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signUnsubscribeToken, unsubscribeHeaders, verifyUnsubscribeToken } from "./unsubscribe-token.ts";

const secret = "s3cret";
const subject = { clientId: "acme", contactId: "7b0b8a4e-3c1c-4c47-9a57-7d7a1b8b0c01" };

describe("unsubscribe token", () => {
  it("round-trips any client and contact id", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (clientId, contactId) => {
        const t = signUnsubscribeToken(secret, { clientId, contactId });
        expect(verifyUnsubscribeToken(secret, t)).toEqual({ clientId, contactId });
        expect(t).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      }),
    );
  });

  it("rejects a token signed with another secret", () => {
    expect(verifyUnsubscribeToken("other", signUnsubscribeToken(secret, subject))).toBeNull();
  });

  it("rejects any single-character edit", () => {
    const t = signUnsubscribeToken(secret, subject);
    fc.assert(
      fc.property(fc.nat(t.length - 1), fc.constantFrom(..."ABCxyz019-_."), (i, ch) => {
        fc.pre(t[i] !== ch);
        expect(verifyUnsubscribeToken(secret, t.slice(0, i) + ch + t.slice(i + 1))).toBeNull();
      }),
    );
  });

  it("rejects a payload swapped to another contact with the old signature", () => {
    const [v, , sig] = signUnsubscribeToken(secret, subject).split(".");
    const other = Buffer.from(JSON.stringify({ c: "acme", k: "someone-else" })).toString("base64url");
    expect(verifyUnsubscribeToken(secret, `${v}.${other}.${sig}`)).toBeNull();
  });

  it("rejects garbage", () => {
    for (const t of ["", "v1", "v1..", "v2.a.b", "x".repeat(5000), "v1.e30.AAAA"]) {
      expect(verifyUnsubscribeToken(secret, t)).toBeNull();
    }
  });

  it("builds RFC 8058 headers with an https link and a mailto fallback", () => {
    const h = unsubscribeHeaders(
      {
        publicUrl: "https://baton.example",
        secret,
        smtp: { host: "h", port: 25, secure: false, from: "Sales <sales@acme.example>" },
      },
      subject.clientId,
      subject.contactId,
    );
    expect(h["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(h["List-Unsubscribe"]).toMatch(
      /^<https:\/\/baton\.example\/u\/v1\.\S+>, <mailto:unsubscribe@acme\.example\?subject=unsubscribe-v1\.\S+>$/,
    );
  });
});
