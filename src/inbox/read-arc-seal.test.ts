// Trusting Gmail and other ARC-sealing receivers by their seal (issue 56 item 4, follow-up), and the
// mailbox's own local delivery hop on top of the receiver's headers. Each forged case beside the
// genuine message: a Gmail-shaped message sealed with a test key for google.com (the DNS stand-in
// serves it) is trusted; without the seal, with a seal by another domain, with a broken seal or a
// broken chain, it is not.

import { describe, expect, it } from "vitest";
import { dkimSignVerified } from "../../test/support/dkim-test-sign.ts";
import {
  dovecotLmtpReceived,
  GOOGLE_ARC_SELECTOR,
  gmailArrived,
  gmailDelivered,
  sealArc,
  spfPass,
  testKey,
} from "../../test/support/gmail-arc.ts";
import { authenticateInbound, isLocalDeliveryHop, readHeaders } from "./inbound-auth.ts";
import { decideReplyTrust } from "./inbound-trust.ts";
import type { InboundMessage } from "./parse-inbound.ts";
import { ARC_SEALERS, trustedSealers } from "./read-arc-seal.ts";

const google = testKey();
const evil = testKey();
const buyer = testKey();
const KEYS: Record<string, string> = {
  [`${GOOGLE_ARC_SELECTOR}._domainkey.google.com`]: google.record,
  "s1._domainkey.evil.example": evil.record,
  "sel1._domainkey.buyer.example": buyer.record,
};
const resolver = async (name: string, rr: string) => {
  const v = rr === "TXT" ? KEYS[name.toLowerCase()] : undefined;
  if (!v) throw Object.assign(new Error(`no ${rr} for ${name}`), { code: "ENOTFOUND" });
  return [[v]];
};
const OURS = "<send-1@baton.test>";
const FROM = "dana@buyer.example";
const GMAIL = ["mx.google.com"];

/** What the contact's server sent. */
const sent = (o: { threading?: boolean; extra?: string[] } = {}) =>
  [
    ...(o.extra ?? []),
    `From: Dana <${FROM}>`,
    "To: rep@acme.test",
    "Subject: Re: Quick question",
    "Date: Mon, 02 Mar 2026 16:00:00 +0000",
    "Message-ID: <r1@buyer.example>",
    ...(o.threading === false ? [] : [`In-Reply-To: ${OURS}`, `References: ${OURS}`]),
    "MIME-Version: 1.0",
    'Content-Type: text/plain; charset="utf-8"',
    "",
    "Please unsubscribe me from this list.",
    "",
  ].join("\r\n");

const SPF_PASS = spfPass(FROM);
const arrived = (message: string, ar?: string) => gmailArrived(message, FROM, ar);
const delivered = (message: string) => gmailDelivered(message);
const seal = (
  message: string,
  o: { aar?: string; domain?: string; key?: string; selector?: string; cv?: "none" | "pass" | "fail" } = {},
) =>
  sealArc(message, {
    aar: o.aar ?? `mx.google.com; ${SPF_PASS}`,
    privateKey: o.key ?? google.privateKey,
    ...(o.domain ? { domain: o.domain } : {}),
    ...(o.selector ? { selector: o.selector } : {}),
    ...(o.cv ? { cv: o.cv } : {}),
  });

const gmail = async (o: Parameters<typeof seal>[1] & { ar?: string; message?: string } = {}) =>
  delivered(await seal(arrived(o.message ?? sent(), o.ar), o));

/** The trust decision on a reply matched to our send by its In-Reply-To. */
const decide = (raw: string, trustedAuthservIds: string[] = GMAIL) =>
  decideReplyTrust(
    Buffer.from(raw),
    {
      from: FROM,
      inReplyTo: readHeaders(raw).find((h) => h.name === "in-reply-to")?.value ?? null,
      references: [],
    } as unknown as InboundMessage,
    {
      by: "in_reply_to",
      deliveryMessageId: OURS,
      address: FROM,
      contactId: "c1",
      enrollmentId: null,
      mailbox: "rep@acme.test",
    },
    { trustedAuthservIds, resolver },
  );

describe("ARC: the receiver's sealed verdict", () => {
  it("the sealers are explicit: trusting mx.google.com trusts google.com's seal, nothing else", () => {
    expect(trustedSealers(["MX.google.com", "mx.acme.test"])).toEqual([
      expect.objectContaining({ authservId: "mx.google.com", sealer: "google.com" }),
    ]);
    expect(trustedSealers(["mx.acme.test"])).toEqual([]);
    expect(ARC_SEALERS.map((s) => s.sealer)).toEqual(["google.com", "microsoft.com"]);
  });

  it("a Gmail-shaped message sealed by google.com: trusted by the sealed verdict (the sender signs nothing)", async () => {
    const raw = await gmail();
    const t = await decide(raw);
    expect(t).toMatchObject({
      trusted: true,
      authenticated: true,
      check: "authentication_results",
      authserv_id: "mx.google.com",
      method: "dmarc",
      arc_sealer: "google.com",
      why_not: null,
    });
    // Gmail's plain header alone, below its Received line, never counted
    const v = await authenticateInbound(raw, FROM, { trustedAuthservIds: GMAIL, resolver });
    expect(v).toMatchObject({ basis: "arc", arcInstance: 1 });
    expect(v.signedHeaders).toEqual(expect.arrayContaining(["in-reply-to", "references", "from"]));
    // a mailbox that does not trust mx.google.com does not trust its seal either
    expect(await decide(raw, ["mx.acme.test"])).toMatchObject({ trusted: false, authenticated: false });
  });

  it("the same message with the sender's forged Authentication-Results and no seal: untrusted", async () => {
    const forged = sent({ extra: [`Authentication-Results: mx.google.com; ${SPF_PASS}`] });
    const raw = delivered(
      arrived(forged, "spf=softfail smtp.mailfrom=attacker.example; dmarc=fail header.from=buyer.example"),
    );
    const t = await decide(raw);
    expect(t).toMatchObject({ trusted: false, authenticated: false, check: "none" });
    expect(t.why_not).toContain(
      "no Authentication-Results from mx.google.com above the first Received header",
    );
  });

  it("a seal by a domain the mailbox does not trust: untrusted, even with google.com's verdict inside", async () => {
    const raw = await gmail({ domain: "evil.example", selector: "s1", key: evil.privateKey });
    const t = await decide(raw);
    expect(t).toMatchObject({ trusted: false, authenticated: false });
    expect(t.why_not).toContain(
      "its latest ARC seal (i=1) is by evil.example, not a sealer this mailbox trusts",
    );
    // google.com's genuine seal at i=1 and another's at i=2: the last hop is not the receiver
    const twice = await seal(await seal(arrived(sent())), {
      domain: "evil.example",
      selector: "s1",
      key: evil.privateKey,
      cv: "pass",
      aar: `mx.google.com; ${SPF_PASS}`,
    });
    expect((await decide(twice)).why_not).toContain("its latest ARC seal (i=2) is by evil.example");
  });

  it("a broken seal counts for nothing: a forged one, a verdict changed after sealing, a body changed, cv=fail", async () => {
    // a set signed with a key that is not google.com's
    const forgedKey = await gmail({ key: evil.privateKey });
    const t = await decide(forgedKey);
    expect(t).toMatchObject({ trusted: false, authenticated: false });
    expect(t.why_not).toContain("its ARC chain does not validate (arc=fail");
    // google.com's real seal over a failing verdict, the verdict then rewritten to a pass
    const failing = await gmail({
      aar: "mx.google.com; spf=fail smtp.mailfrom=buyer.example; dmarc=fail header.from=buyer.example",
    });
    const rewritten = failing.replace(
      "ARC-Authentication-Results: i=1; mx.google.com; spf=fail smtp.mailfrom=buyer.example; dmarc=fail header.from=buyer.example",
      `ARC-Authentication-Results: i=1; mx.google.com; ${SPF_PASS}`,
    );
    expect(rewritten).not.toBe(failing);
    const r = await decide(rewritten);
    expect(r).toMatchObject({ trusted: false, authenticated: false });
    expect(r.why_not).toContain("i=1 seal signature validation failed");
    // the body changed after sealing: the ARC-Message-Signature no longer verifies
    const body = (await gmail()).replace("Please unsubscribe me", "Please upgrade me");
    expect((await decide(body)).why_not).toContain("its ARC chain does not validate");
    // a chain a hop says is broken (cv=fail) vouches for nothing
    const cvFail = await seal(await seal(arrived(sent())), { cv: "fail" });
    expect((await decide(cvFail)).why_not).toContain(
      "its ARC chain does not validate (arc=fail: i=2 cv=fail)",
    );
    // the sealed verdict under another authserv-id than the sealer's
    const otherId = await gmail({ aar: `mx.elsewhere.example; ${SPF_PASS}` });
    expect((await decide(otherId)).why_not).toContain("are not under mx.google.com");
  });

  it("the sealed dmarc=fail is final: Baton's own DKIM pass does not overrule it", async () => {
    const signed =
      (
        await dkimSignVerified(sent(), {
          canonicalization: "relaxed/relaxed",
          signatureData: [{ signingDomain: "buyer.example", selector: "sel1", privateKey: buyer.privateKey }],
        })
      ).signatures + sent();
    expect((await decide(signed, [])).trusted).toBe(true);
    const raw = await gmail({
      message: signed,
      aar: "mx.google.com; dkim=fail header.i=@buyer.example; dmarc=fail header.from=buyer.example",
    });
    const t = await decide(raw);
    expect(t).toMatchObject({ trusted: false, authenticated: false });
    expect(t.why_not).toBe(
      "it is not authenticated (mx.google.com says dmarc=fail for buyer.example; nothing overrules it)",
    );
  });

  it("a sealed DKIM-based pass is held to the signature's own rules: l=, and h= for the threading headers", async () => {
    const text = "Please unsubscribe me from this list.\r\n";
    const limited =
      (
        await dkimSignVerified(sent(), {
          canonicalization: "relaxed/relaxed",
          signatureData: [
            {
              signingDomain: "buyer.example",
              selector: "sel1",
              privateKey: buyer.privateKey,
              maxBodyLength: Buffer.byteLength(text),
            },
          ],
        })
      ).signatures + sent();
    const dkimPass =
      "mx.google.com; dkim=pass header.i=@buyer.example header.s=sel1; dmarc=pass header.from=buyer.example";
    const t = await decide(await gmail({ message: limited, aar: dkimPass }));
    expect(t).toMatchObject({ trusted: false, authenticated: false });
    expect(t.why_not).toContain("rests on a DKIM signature with l=");
    // threading added by someone holding a genuine signed message, sealed by the receiver on arrival
    const plain = sent({ threading: false });
    const signed =
      (
        await dkimSignVerified(plain, {
          canonicalization: "relaxed/relaxed",
          headerList: "From:To:Subject:Date:Message-ID",
          signatureData: [{ signingDomain: "buyer.example", selector: "sel1", privateKey: buyer.privateKey }],
        })
      ).signatures + plain;
    const added = signed.replace(
      "Message-ID: <r1@buyer.example>",
      `Message-ID: <r1@buyer.example>\r\nIn-Reply-To: ${OURS}`,
    );
    const u = await decide(await gmail({ message: added, aar: dkimPass }));
    expect(u).toMatchObject({ trusted: false, matched: true, authenticated: true, arc_sealer: "google.com" });
    expect(u.why_not).toContain("the DKIM signature that authenticates it does not cover the In-Reply-To");
  });

  it("a sender whose DKIM signature leaves In-Reply-To out (as Microsoft 365 may): the sealed aligned SPF pass proves the threading", async () => {
    const signed =
      (
        await dkimSignVerified(sent(), {
          canonicalization: "relaxed/relaxed",
          headerList: "From:To:Subject:Date:Message-ID",
          signatureData: [{ signingDomain: "buyer.example", selector: "sel1", privateKey: buyer.privateKey }],
        })
      ).signatures + sent();
    // alone, Baton's own DKIM check proves who wrote it, not what it answers
    expect(await decide(signed, [])).toMatchObject({ trusted: false, authenticated: true });
    const t = await decide(
      await gmail({
        message: signed,
        aar: `mx.google.com; dkim=pass header.i=@buyer.example header.s=sel1; ${SPF_PASS}`,
      }),
    );
    expect(t).toMatchObject({ trusted: true, method: "dmarc", arc_sealer: "google.com", why_not: null });
  });

  it("a sealed SPF-based pass proves the threading only as far as the ARC-Message-Signature covers it", async () => {
    // an In-Reply-To added after the receiver sealed the message: not covered by its signature
    const sealed = await seal(arrived(sent({ threading: false })));
    const added = delivered(`In-Reply-To: ${OURS}\r\n${sealed}`);
    const t = await decide(added);
    expect(t).toMatchObject({ trusted: false, matched: true, authenticated: true });
    expect(t.why_not).toContain("the ARC-Message-Signature of google.com that binds it");
  });
});

describe("the mailbox's own delivery hop on top (Dovecot LMTP)", () => {
  const from = FROM;
  const opts = { trustedAuthservIds: ["mx.acme.test"] };
  const msg = (headers: string[]) => `${headers.join("\r\n")}\r\n${sent()}`;
  const lmtp = dovecotLmtpReceived("mx.acme.test", FROM, "rep@acme.test");
  const boundary =
    "Received: from mail.attacker.example (mail.attacker.example [203.0.113.66]) by mx.acme.test (Postfix) with ESMTPS id 4Xy; Mon, 02 Mar 2026 16:00:01 +0000";
  const pass =
    "Authentication-Results: mx.acme.test; spf=pass smtp.mailfrom=buyer.example; dmarc=pass header.from=buyer.example";

  it("an LMTP hop is the site's own; the hop where mail arrives from outside never is", () => {
    expect(isLocalDeliveryHop(readHeaders(`${lmtp}\r\n\r\n`)[0]!.value)).toBe(true);
    expect(
      isLocalDeliveryHop(
        "from mx.acme.test ([unix socket]) by imap.acme.test (Cyrus 3.8) with LMTPA; Mon, 2 Mar 2026",
      ),
    ).toBe(true);
    expect(isLocalDeliveryHop(boundary.slice("Received:".length))).toBe(false);
    expect(isLocalDeliveryHop("by 2002:a05:7010:5c8f::1 with SMTP id q9csp123456mab; Mon, 2 Mar 2026")).toBe(
      false,
    );
    // the client's HELO name comes first, and the client chose it: only the last `by` counts
    expect(
      isLocalDeliveryHop(
        "from x.by.mx.acme.test.with.LMTP (helo=by mx.acme.test with LMTP) by mx.acme.test with ESMTP id 1; Mon",
      ),
    ).toBe(false);
    expect(isLocalDeliveryHop("from evil by mx.acme.test with LMTP by mx.acme.test id 1; Mon")).toBe(false);
  });

  it("the receiver's verdict under Dovecot's Received line counts; the sender's look-alike below the receiver's does not", async () => {
    expect(await authenticateInbound(msg([lmtp, pass, boundary]), from, opts)).toMatchObject({
      authenticated: true,
      check: "authentication_results",
      authservId: "mx.acme.test",
    });
    // the forged case beside it: the MTA and Dovecot share the host name, and the sender wrote a
    // pass below the receiver's trace line; skipping lines by host would reach it, by LMTP does not
    const forged = await authenticateInbound(
      msg([
        lmtp,
        "Authentication-Results: mx.acme.test; spf=fail smtp.mailfrom=buyer.example",
        boundary,
        pass,
      ]),
      from,
      opts,
    );
    expect(forged).toMatchObject({ authenticated: false, check: "none" });
    // nor does a sender's own "LMTP" line below the receiver's trace line open the way to its pass
    const below = await authenticateInbound(msg([lmtp, boundary, lmtp, pass]), from, opts);
    expect(below).toMatchObject({ authenticated: false, check: "none" });
    expect(below.why).toContain(
      "no Authentication-Results from mx.acme.test above the first Received header",
    );
  });
});
