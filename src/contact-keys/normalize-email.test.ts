import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { domainSuffixes, isValidEmail, normalizeDomain, normalizeEmail } from "./normalize-email.ts";

describe("normalizeEmail (the dedupe rule, docs/prospect-data.md)", () => {
  it("folds case everywhere, Gmail dots and +tags, googlemail, and +tags of known providers only", () => {
    expect(normalizeEmail(" Jane.Doe+News@GoogleMail.com ")).toBe("janedoe@gmail.com");
    expect(normalizeEmail("j.a.n.e.doe@gmail.com")).toBe("janedoe@gmail.com");
    expect(normalizeEmail("Bob+x@Outlook.com")).toBe("bob@outlook.com");
    expect(normalizeEmail("first.last@icloud.com")).toBe("first.last@icloud.com");
    expect(normalizeEmail("sales+emea@Acme.example")).toBe("sales+emea@acme.example");
    expect(normalizeEmail("no-at")).toBeNull();
  });
  it("is idempotent, and case never matters", () => {
    const local = fc.stringMatching(/^[a-zA-Z0-9.+_-]{1,20}$/);
    const domain = fc.constantFrom(
      "gmail.com",
      "googlemail.com",
      "outlook.com",
      "acme.example",
      "Sub.Acme.Example",
    );
    fc.assert(
      fc.property(local, domain, (l, d) => {
        const once = normalizeEmail(`${l}@${d}`)!;
        expect(normalizeEmail(once)).toBe(once);
        expect(normalizeEmail(`${l.toUpperCase()}@${d.toUpperCase()}`)).toBe(
          normalizeEmail(`${l.toLowerCase()}@${d}`),
        );
      }),
    );
  });
  it("validates addresses and domains; a domain covers its parents' suffixes", () => {
    expect(isValidEmail("a@b.example")).toBe(true);
    expect(isValidEmail("a b@c.example")).toBe(false);
    expect(isValidEmail("a@localhost")).toBe(false);
    expect(normalizeDomain("@Acme.COM")).toBe("acme.com");
    expect(normalizeDomain("x@eu.acme.com")).toBe("eu.acme.com");
    expect(normalizeDomain("not a domain")).toBeNull();
    expect(domainSuffixes("a.b.example.com")).toEqual(["a.b.example.com", "b.example.com", "example.com"]);
  });
});
