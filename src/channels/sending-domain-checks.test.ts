import { describe, expect, it } from "vitest";
import { judgeDkim, judgeDmarc, judgeSpf, organizationalDomain, tagList } from "./sending-domain-checks.ts";

describe("SPF (RFC 7208)", () => {
  it("one record ending in ~all or -all is ok", () => {
    expect(
      judgeSpf("acme.example", ["v=spf1 include:_spf.google.com ~all", "google-site-verification=x"]),
    ).toMatchObject({
      status: "ok",
      found: ["v=spf1 include:_spf.google.com ~all"],
    });
    expect(judgeSpf("acme.example", ["v=spf1 mx -all"]).status).toBe("ok");
    expect(judgeSpf("acme.example", ["v=spf1 redirect=_spf.acme.example"]).status).toBe("ok");
  });
  it("none is missing, with a record to publish", () => {
    const c = judgeSpf("acme.example", ["google-site-verification=x"]);
    expect(c.status).toBe("missing");
    expect(c.publish).toMatch(/^v=spf1 .* ~all$/);
  });
  it("two records, +all or more than 10 lookups are invalid", () => {
    expect(judgeSpf("a.example", ["v=spf1 mx ~all", "v=spf1 a ~all"]).status).toBe("invalid");
    expect(judgeSpf("a.example", ["v=spf1 +all"]).status).toBe("invalid");
    expect(judgeSpf("a.example", ["v=spf1 all"]).status).toBe("invalid");
    const many = Array.from({ length: 11 }, (_, i) => `include:s${i}.example`).join(" ");
    expect(judgeSpf("a.example", [`v=spf1 ${many} ~all`]).status).toBe("invalid");
  });
  it("no all term, or ?all, is a warning", () => {
    expect(judgeSpf("a.example", ["v=spf1 mx"]).status).toBe("warn");
    expect(judgeSpf("a.example", ["v=spf1 mx ?all"]).status).toBe("warn");
  });
});

describe("DKIM", () => {
  const key = { selector: "baton2026", public_key_b64: "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest" };
  it("the published key must be Baton's (whitespace in the record ignored)", () => {
    expect(
      judgeDkim("acme.example", key, ["v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOC AQ8AMIIBCgKCAQEAtest"])
        .status,
    ).toBe("ok");
    const wrong = judgeDkim("acme.example", key, ["v=DKIM1; k=rsa; p=MIIBother"]);
    expect(wrong).toMatchObject({ status: "invalid", name: "baton2026._domainkey.acme.example" });
    expect(wrong.publish).toBe(`v=DKIM1; k=rsa; p=${key.public_key_b64}`);
    expect(judgeDkim("acme.example", key, ["v=DKIM1; p="]).detail).toMatch(/revoked/);
  });
  it("no record, or no key in Baton, says what to do", () => {
    expect(judgeDkim("acme.example", key, []).status).toBe("missing");
    expect(judgeDkim("acme.example", null, []).detail).toMatch(/baton dkim add --domain acme.example/);
  });
});

describe("DMARC (RFC 7489)", () => {
  it("a policy of quarantine or reject is ok; none is a warning; none at all is missing", () => {
    expect(judgeDmarc("_dmarc.a.example", ["v=DMARC1; p=reject; rua=mailto:d@a.example"], false).status).toBe(
      "ok",
    );
    expect(judgeDmarc("_dmarc.a.example", ["v=DMARC1; p=none"], false).status).toBe("warn");
    const missing = judgeDmarc("_dmarc.a.example", [], false);
    expect(missing.status).toBe("missing");
    expect(missing.publish).toBe("v=DMARC1; p=none; rua=mailto:dmarc-reports@a.example");
  });
  it("two records or no valid p= are invalid", () => {
    expect(judgeDmarc("_dmarc.a.example", ["v=DMARC1; p=none", "v=DMARC1; p=reject"], false).status).toBe(
      "invalid",
    );
    expect(judgeDmarc("_dmarc.a.example", ["v=DMARC1; rua=mailto:x@a.example"], false).status).toBe(
      "invalid",
    );
  });
});

describe("helpers", () => {
  it("tag lists and organizational domains", () => {
    expect(tagList("v=DKIM1; K=rsa; p=abc=").get("p")).toBe("abc=");
    expect(tagList("v=DKIM1; K=rsa").get("k")).toBe("rsa");
    expect(organizationalDomain("mail.acme.example")).toBe("acme.example");
    expect(organizationalDomain("mail.acme.co.uk")).toBe("acme.co.uk");
    expect(organizationalDomain("acme.example")).toBe("acme.example");
  });
});
