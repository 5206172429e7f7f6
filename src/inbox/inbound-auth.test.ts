// Authentication-Results (RFC 8601) as the trust rule reads them: the trusted receiver's topmost
// header(s) only, DMARC-aligned passes only (issue 35 item 1).
import { describe, expect, it } from "vitest";
import {
  authenticateInbound,
  parseAuthenticationResults,
  readHeaders,
  trustedAuthenticationResults,
} from "./inbound-auth.ts";

const msg = (headers: string[]) =>
  `${headers.join("\r\n")}\r\nFrom: Dana <dana@buyer.example>\r\nSubject: hi\r\n\r\nbody\r\n`;

describe("Authentication-Results", () => {
  it("parses the authserv-id, methods, results and properties; comments and version are ignored", () => {
    expect(
      parseAuthenticationResults(
        'mx.google.com 1; dkim=pass (2048-bit key) header.i=@buyer.example header.s=s1 header.b="AbC"; spf=softfail (google.com: domain of x) smtp.mailfrom=x@b.example; dmarc=pass (p=NONE) header.from=buyer.example',
      ),
    ).toEqual({
      authservId: "mx.google.com",
      results: [
        {
          method: "dkim",
          result: "pass",
          props: { "header.i": "@buyer.example", "header.s": "s1", "header.b": "AbC" },
        },
        { method: "spf", result: "softfail", props: { "smtp.mailfrom": "x@b.example" } },
        { method: "dmarc", result: "pass", props: { "header.from": "buyer.example" } },
      ],
    });
    expect(parseAuthenticationResults("mx.example.org; none")).toEqual({
      authservId: "mx.example.org",
      results: [],
    });
  });

  it("counts only the trusted receiver's own headers: from its first one down to the next Received", () => {
    const h = readHeaders(
      msg([
        "Received: from mx by imap (LMTP)",
        "Authentication-Results: mx.acme.test; dmarc=fail header.from=buyer.example",
        "Authentication-Results: other.example; dmarc=pass header.from=buyer.example",
        "Received: from attacker by mx.acme.test",
        "Authentication-Results: mx.acme.test; dmarc=pass header.from=buyer.example",
      ]),
    );
    const sets = trustedAuthenticationResults(h, ["MX.acme.test"]);
    expect(sets).toHaveLength(1);
    expect(sets[0]!.results[0]).toMatchObject({ method: "dmarc", result: "fail" });
  });

  it("authenticated: DMARC pass for the From domain, or DKIM/SPF pass aligned with it; not another domain's pass", async () => {
    const auth = (ar: string) =>
      authenticateInbound(msg([`Authentication-Results: mx.acme.test; ${ar}`]), "dana@buyer.example", {
        trustedAuthservIds: ["mx.acme.test"],
      });
    expect(await auth("dmarc=pass header.from=buyer.example")).toMatchObject({
      authenticated: true,
      method: "dmarc",
    });
    expect(await auth("dkim=pass header.d=mail.buyer.example")).toMatchObject({
      authenticated: true,
      method: "dkim",
      domain: "mail.buyer.example",
    });
    expect(await auth("spf=pass smtp.mailfrom=bounce@buyer.example")).toMatchObject({
      authenticated: true,
      method: "spf",
    });
    expect(await auth("dkim=pass header.d=esp.example; spf=pass smtp.mailfrom=esp.example")).toMatchObject({
      authenticated: false,
      check: "none",
    });
    expect(await auth("dmarc=pass header.from=evil.example")).toMatchObject({ authenticated: false });
    const untrustedId = await authenticateInbound(
      msg(["Authentication-Results: mx.elsewhere; dmarc=pass header.from=buyer.example"]),
      "dana@buyer.example",
      { trustedAuthservIds: ["mx.acme.test"] },
    );
    expect(untrustedId).toMatchObject({ authenticated: false });
    expect(untrustedId.why).toContain("no Authentication-Results from mx.acme.test");
  });
});
