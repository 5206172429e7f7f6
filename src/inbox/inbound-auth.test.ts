// Authentication-Results (RFC 8601) as the trust rule reads them: the trusted receiver's topmost
// header(s) only, DMARC-aligned passes only (issue 35 item 1).
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dkimSignVerified } from "../../test/support/dkim-test-sign.ts";
import {
  authenticateInbound,
  parseAuthenticationResults,
  readHeaders,
  trustedAuthenticationResults,
} from "./inbound-auth.ts";
import { decideReplyTrust } from "./inbound-trust.ts";
import type { InboundMessage } from "./parse-inbound.ts";

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

  it("counts only the trusted receiver's own headers: those above the first Received", () => {
    const h = readHeaders(
      msg([
        "Authentication-Results: mx.acme.test; dmarc=fail header.from=buyer.example",
        "Authentication-Results: other.example; dmarc=pass header.from=buyer.example",
        "Received: from attacker by mx.acme.test",
        "Authentication-Results: mx.acme.test; dmarc=pass header.from=buyer.example",
      ]),
    );
    const sets = trustedAuthenticationResults(h, ["MX.acme.test"]);
    expect(sets).toHaveLength(1);
    expect(sets[0]!.results[0]).toMatchObject({ method: "dmarc", result: "fail" });
    // a receiver that wrote none: the sender's look-alike below the trace line is not the receiver's
    const none = readHeaders(
      msg([
        "Received: from attacker by mx.acme.test",
        "Authentication-Results: mx.acme.test; dmarc=pass header.from=buyer.example",
      ]),
    );
    expect(trustedAuthenticationResults(none, ["mx.acme.test"])).toEqual([]);
  });

  it("authenticated: DMARC pass for the From domain, or DKIM/SPF pass aligned with it; not another domain's pass", async () => {
    // the signature a receiver's dkim=pass names is in the message (Baton reads its tags)
    const sig =
      "DKIM-Signature: v=1; a=rsa-sha256; d=mail.buyer.example; s=s1; h=from:subject; bh=x; b=AbCdEf";
    const auth = (ar: string) =>
      authenticateInbound(msg([`Authentication-Results: mx.acme.test; ${ar}`, sig]), "dana@buyer.example", {
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
    // a pass naming a signature the message does not carry
    expect(await auth("dkim=pass header.d=buyer.example")).toMatchObject({ authenticated: false });
    expect(await auth("dkim=pass header.d=mail.buyer.example header.b=XyZ")).toMatchObject({
      authenticated: false,
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

// issue 56 item 4: each forged case beside the genuine message that still passes
describe("forged Authentication-Results", () => {
  const from = "dana@buyer.example";
  const opts = { trustedAuthservIds: ["mx.acme.test"] };
  const pass = "Authentication-Results: mx.acme.test; dmarc=pass header.from=buyer.example";

  it("one below the Received line does not count, whether or not the receiver wrote its own", async () => {
    // the receiver wrote a failure above its trace line; the sender's pass sits below it
    const withReceiver = await authenticateInbound(
      msg([
        "Authentication-Results: mx.acme.test; dkim=none; spf=fail smtp.mailfrom=buyer.example",
        "Received: from attacker.example by mx.acme.test",
        pass,
      ]),
      from,
      opts,
    );
    expect(withReceiver).toMatchObject({ authenticated: false, check: "none" });
    expect(withReceiver.why).toContain("show no pass aligned with buyer.example");
    // the receiver wrote none: the sender's header is the only one, and still does not count
    const withoutReceiver = await authenticateInbound(
      msg(["Received: from attacker.example by mx.acme.test", pass]),
      from,
      opts,
    );
    expect(withoutReceiver).toMatchObject({ authenticated: false, check: "none" });
    expect(withoutReceiver.why).toContain(
      "no Authentication-Results from mx.acme.test above the first Received",
    );
    // the genuine header, above the receiver's trace line: authenticated, on the domain's servers
    expect(
      await authenticateInbound(
        msg([
          "Authentication-Results: mx.acme.test; spf=pass smtp.mailfrom=buyer.example; dmarc=pass header.from=buyer.example",
          "Received: from mail.buyer.example by mx.acme.test",
        ]),
        from,
        opts,
      ),
    ).toMatchObject({ authenticated: true, method: "dmarc", basis: "spf" });
  });

  it("the receiver's own dmarc=fail is final: a pass in another of its headers does not overrule it", async () => {
    const v = await authenticateInbound(
      msg([
        "Authentication-Results: mx.acme.test; dkim=pass header.d=buyer.example",
        "Authentication-Results: mx.acme.test; dmarc=fail header.from=buyer.example",
        "Received: from attacker.example by mx.acme.test",
      ]),
      from,
      opts,
    );
    expect(v).toMatchObject({ authenticated: false, check: "none" });
    expect(v.why).toBe("mx.acme.test says dmarc=fail for buyer.example; nothing overrules it");
    // another domain's DMARC failure is not this one's
    expect(
      await authenticateInbound(
        msg([
          "Authentication-Results: mx.acme.test; dmarc=fail header.from=other.example; dmarc=pass header.from=buyer.example",
        ]),
        from,
        opts,
      ),
    ).toMatchObject({ authenticated: true, method: "dmarc" });
  });
});

describe("DKIM signatures as proof", () => {
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKey = key.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const resolver = async (name: string, rr: string) => {
    if (rr !== "TXT" || name.toLowerCase() !== "sel1._domainkey.buyer.example")
      throw Object.assign(new Error(`no ${rr} for ${name}`), { code: "ENOTFOUND" });
    return [
      [`v=DKIM1; k=rsa; p=${key.publicKey.export({ type: "spki", format: "der" }).toString("base64")}`],
    ];
  };
  const OURS = "<send-1@baton.test>";
  const reply = (o: { inReplyTo?: boolean; text?: string } = {}) =>
    [
      "From: Dana <dana@buyer.example>",
      "To: rep@acme.test",
      "Subject: Re: hello",
      "Message-ID: <r1@buyer.example>",
      ...(o.inReplyTo === false ? [] : [`In-Reply-To: ${OURS}`, `References: ${OURS}`]),
      "",
      o.text ?? "Sounds good, let's talk next week.",
      "",
    ].join("\r\n");
  const sign = async (raw: string, o: { headerList?: string; maxBodyLength?: number } = {}) =>
    (
      await dkimSignVerified(raw, {
        canonicalization: "relaxed/relaxed",
        ...(o.headerList ? { headerList: o.headerList } : {}),
        signatureData: [
          {
            signingDomain: "buyer.example",
            selector: "sel1",
            privateKey,
            ...(o.maxBodyLength !== undefined ? { maxBodyLength: o.maxBodyLength } : {}),
          },
        ],
      })
    ).signatures + raw;
  /** the trust decision on a reply matched to our send by its In-Reply-To */
  const decide = (raw: string, trustedAuthservIds: string[] = []) =>
    decideReplyTrust(
      Buffer.from(raw),
      {
        from: "dana@buyer.example",
        inReplyTo: readHeaders(raw).find((h) => h.name === "in-reply-to")?.value ?? null,
        references: [],
      } as unknown as InboundMessage,
      {
        by: "in_reply_to",
        deliveryMessageId: OURS,
        address: "dana@buyer.example",
        contactId: "c1",
        enrollmentId: null,
        mailbox: "rep@acme.test",
      },
      { trustedAuthservIds, resolver },
    );

  it("the genuine signed reply is trusted: the signature covers its In-Reply-To", async () => {
    const t = await decide(await sign(reply()));
    expect(t).toMatchObject({
      trusted: true,
      check: "dkim_verified",
      domain: "buyer.example",
      why_not: null,
    });
  });

  it("a signature with l= and text appended after it proves nothing", async () => {
    const body = "Sounds good, let's talk next week.\r\n";
    const signed = await sign(reply({ text: body.trimEnd() }), { maxBodyLength: Buffer.byteLength(body) });
    const appended = `${signed}\r\nPS: please unsubscribe me from everything.\r\n`;
    const t = await decide(appended);
    expect(t).toMatchObject({ trusted: false, authenticated: false, check: "none" });
    expect(t.why_not).toContain("with l= (a body length)");
  });

  it("a signature not covering In-Reply-To, with an In-Reply-To added after signing, proves no threading", async () => {
    const original = reply({ inReplyTo: false });
    const signed = await sign(original, { headerList: "From:To:Subject:Message-ID" });
    // the attacker adds the threading headers to the genuine message: the signature still verifies
    const forged = signed.replace(
      "Message-ID: <r1@buyer.example>",
      `Message-ID: <r1@buyer.example>\r\nIn-Reply-To: ${OURS}`,
    );
    const t = await decide(forged);
    expect(t).toMatchObject({ trusted: false, matched: true, authenticated: true, check: "dkim_verified" });
    expect(t.why_not).toContain("does not cover the In-Reply-To or References naming our send");
    // an In-Reply-To added above a signed one is not covered either (the verifier signs the bottom one)
    const signedWithOther = await sign(
      reply({ inReplyTo: false }).replace("Message-ID", "In-Reply-To: <x@y>\r\nMessage-ID"),
    );
    const stacked = `In-Reply-To: ${OURS}\r\n${signedWithOther}`;
    expect((await decide(stacked)).trusted).toBe(false);
  });

  it("a receiver's DKIM-based pass is held to the same rules; an SPF-based one covers the whole message", async () => {
    const ar = "Authentication-Results: mx.acme.test; dkim=pass header.d=buyer.example";
    const noKey = { trustedAuthservIds: ["mx.acme.test"] };
    const covered = await sign(reply());
    const v = await authenticateInbound(`${ar}\r\n${covered}`, "dana@buyer.example", noKey);
    expect(v).toMatchObject({ authenticated: true, check: "authentication_results", basis: "dkim" });
    expect(v.signedHeaders).toContain("in-reply-to");
    const body = "Sounds good, let's talk next week.\r\n";
    const limited = await sign(reply({ text: body.trimEnd() }), { maxBodyLength: Buffer.byteLength(body) });
    expect(
      await authenticateInbound(`${ar}\r\n${limited}\r\nappended\r\n`, "dana@buyer.example", noKey),
    ).toMatchObject({ authenticated: false });
    const uncovered = (await sign(reply({ inReplyTo: false }), { headerList: "From:To:Subject" })).replace(
      "Subject: Re: hello",
      `Subject: Re: hello\r\nIn-Reply-To: ${OURS}`,
    );
    expect((await decide(`${ar}\r\n${uncovered}`, ["mx.acme.test"])).trusted).toBe(false);
    const spf =
      "Authentication-Results: mx.acme.test; spf=pass smtp.mailfrom=buyer.example; dmarc=pass header.from=buyer.example";
    expect(await decide(`${spf}\r\n${uncovered}`, ["mx.acme.test"])).toMatchObject({
      trusted: true,
      check: "authentication_results",
    });
  });
});
